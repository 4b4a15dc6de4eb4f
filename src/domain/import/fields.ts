// What each import type can read: the fields, whether they are required, and the column headers
// (Russian and English, as 1C, Excel price lists and other CRMs write them) that map to each.
export const IMPORT_TYPES = ['companies', 'contacts', 'products', 'orders', 'activities'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

export type FieldDef = {
  key: string;
  /** Export header (and the first synonym the importer recognises). */
  label: { ru: string; en: string };
  required?: boolean;
  synonyms: string[];
};

const f = (key: string, ru: string, en: string, synonyms: string[], required = false): FieldDef => ({
  key,
  label: { ru, en },
  required,
  synonyms: [ru, en, ...synonyms],
});

const companyRef = [
  f('companyExternalId', 'Код контрагента', 'Company external ID', ['ид контрагента', 'код клиента', 'id компании', 'company id', 'company code', 'customer id']),
  f('companyInn', 'ИНН', 'Company INN', ['инн контрагента', 'инн клиента', 'инн компании', 'inn', 'tax id', 'company tax id']),
  f('companyName', 'Контрагент', 'Company', ['клиент', 'компания', 'организация', 'покупатель', 'наименование контрагента', 'customer', 'company name', 'account']),
];

export const FIELDS: Record<ImportType, FieldDef[]> = {
  companies: [
    f('externalId', 'Внешний код', 'External ID', ['код', 'ид', 'id', 'guid', 'код 1с', 'идентификатор', 'external id', 'код контрагента']),
    f('name', 'Наименование', 'Name', ['название', 'краткое наименование', 'компания', 'организация', 'контрагент', 'клиент', 'company', 'company name', 'account name'], true),
    f('legalName', 'Полное наименование', 'Legal name', ['юридическое наименование', 'полное название', 'full name', 'legal entity']),
    f('inn', 'ИНН', 'INN', ['tax id', 'taxpayer id', 'инн контрагента']),
    f('kpp', 'КПП', 'KPP', []),
    f('phone', 'Телефон', 'Phone', ['тел', 'телефоны', 'номер телефона', 'мобильный', 'phone number', 'mobile']),
    f('email', 'Email', 'Email address', ['e-mail', 'почта', 'электронная почта', 'эл почта', 'mail']),
    f('contactName', 'Контактное лицо', 'Contact name', ['контакт', 'фио', 'contact', 'contact person']),
    f('address', 'Адрес', 'Address', ['юридический адрес', 'фактический адрес', 'адрес доставки']),
    f('website', 'Сайт', 'Website', ['web', 'url', 'веб сайт', 'site']),
    f('status', 'Статус', 'Status', ['состояние']),
    f('owner', 'Ответственный', 'Owner', ['менеджер', 'основной менеджер', 'manager', 'account manager', 'owner email']),
    f('tags', 'Теги', 'Tags', ['метки', 'сегмент', 'tag']),
    f('annualPotential', 'Годовой потенциал', 'Annual potential', ['потенциал', 'potential']),
  ],
  contacts: [
    f('externalId', 'Внешний код', 'External ID', ['код', 'ид', 'id', 'guid', 'идентификатор', 'код контакта']),
    ...companyRef,
    f('name', 'ФИО', 'Name', ['имя', 'контактное лицо', 'контакт', 'full name', 'contact', 'contact name'], true),
    f('position', 'Должность', 'Position', ['title', 'job title', 'role']),
    f('isDecisionMaker', 'ЛПР', 'Decision maker', ['лицо принимающее решение', 'лпр да нет', 'is decision maker', 'dm']),
    f('phone', 'Телефон', 'Phone', ['тел', 'телефоны', 'мобильный', 'phones', 'mobile', 'phone number']),
    f('email', 'Email', 'Email address', ['e-mail', 'почта', 'электронная почта', 'emails', 'mail']),
    f('birthday', 'День рождения', 'Birthday', ['дата рождения', 'date of birth', 'dob']),
  ],
  products: [
    f('externalId', 'Внешний код', 'External ID', ['ид', 'id', 'guid', 'код', 'идентификатор', 'код 1с']),
    f('sku', 'Артикул', 'SKU', ['article', 'код товара', 'part number', 'vendor code']),
    f('name', 'Наименование', 'Name', ['название', 'товар', 'номенклатура', 'наименование товара', 'product', 'product name'], true),
    f('category', 'Категория', 'Category', ['вид номенклатуры', 'раздел']),
    f('group', 'Группа', 'Group', ['подгруппа', 'группа номенклатуры', 'product group']),
    f('unit', 'Единица', 'Unit', ['ед', 'ед изм', 'единица измерения', 'базовая единица', 'uom']),
    f('listPrice', 'Цена', 'List price', ['цена продажи', 'розничная цена', 'прайс', 'price', 'цена за единицу']),
  ],
  orders: [
    f('orderExternalId', 'Код заказа', 'Order external ID', ['ид заказа', 'ид документа', 'внешний код', 'order id', 'external id']),
    f('number', 'Номер', 'Number', ['номер заказа', 'номер документа', '№', '№ заказа', 'order number', 'order no', 'order'], true),
    f('date', 'Дата', 'Date', ['дата заказа', 'дата документа', 'order date'], true),
    f('status', 'Статус', 'Status', ['состояние', 'order status']),
    ...companyRef,
    f('companyKpp', 'КПП', 'Company KPP', ['кпп контрагента', 'kpp']),
    f('owner', 'Менеджер', 'Owner', ['ответственный', 'manager', 'sales rep']),
    f('lineNo', 'Номер строки', 'Line', ['№ строки', 'строка', 'n п п', '№ п п', 'line no', 'line number']),
    f('productExternalId', 'Код товара', 'Product external ID', ['ид товара', 'ид номенклатуры', 'product id', 'product code']),
    f('sku', 'Артикул', 'SKU', ['article', 'vendor code']),
    f('productName', 'Товар', 'Product', ['номенклатура', 'наименование', 'наименование товара', 'товары', 'product name', 'item']),
    f('quantity', 'Количество', 'Quantity', ['кол во', 'кол-во', 'колво', 'qty'], true),
    f('price', 'Цена', 'Price', ['цена за единицу', 'unit price']),
    f('amount', 'Сумма', 'Amount', ['сумма строки', 'стоимость', 'line total', 'total', 'sum']),
    f('cost', 'Себестоимость', 'Cost', ['закупочная цена', 'себестоимость за единицу', 'unit cost']),
  ],
  activities: [
    f('externalId', 'Внешний код', 'External ID', ['ид', 'id', 'guid', 'код', 'идентификатор']),
    f('type', 'Тип', 'Type', ['вид', 'вид события', 'тип события', 'activity type', 'kind']),
    f('occurredAt', 'Дата', 'Date', ['дата и время', 'время', 'когда', 'дата события', 'date time', 'occurred at', 'when'], true),
    f('employee', 'Сотрудник', 'Employee', ['менеджер', 'ответственный', 'автор', 'manager', 'user', 'owner'], true),
    ...companyRef,
    f('contactName', 'Контактное лицо', 'Contact', ['контакт', 'фио', 'contact name']),
    f('direction', 'Направление', 'Direction', ['входящий исходящий']),
    f('summary', 'Описание', 'Summary', ['содержание', 'комментарий', 'тема', 'результат', 'notes', 'description', 'subject', 'comment']),
  ],
};

/** Groups of fields of which at least one must be mapped (a company, a product, a price). */
export const ONE_OF: Record<ImportType, string[][]> = {
  companies: [],
  contacts: [['companyExternalId', 'companyInn', 'companyName']],
  products: [['sku', 'externalId']],
  orders: [
    ['companyExternalId', 'companyInn', 'companyName'],
    ['productExternalId', 'sku', 'productName'],
    ['price', 'amount'],
  ],
  activities: [['companyExternalId', 'companyInn', 'companyName']],
};

export function fieldDefs(type: ImportType): FieldDef[] {
  return FIELDS[type];
}
