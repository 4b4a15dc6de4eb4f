import { createRng } from './demo.rng.js';

// The classifier of a building-materials and industrial-supplies distributor: categories and
// groups (not brands); each product is an item x size, so ~230 products come from short lists.
type GroupDef = { name: string; unit: string; price: [number, number]; items: string[]; sizes: string[] };
type CategoryDef = { name: string; sku: string; groups: GroupDef[] };

export const CATEGORY_DEFS: readonly CategoryDef[] = [
  { name: 'Сухие строительные смеси', sku: 'SSM', groups: [
    { name: 'Штукатурки', unit: 'меш', price: [380, 720], items: ['Штукатурка гипсовая', 'Штукатурка цементная', 'Штукатурка фасадная'], sizes: ['25 кг', '30 кг'] },
    { name: 'Шпаклёвки', unit: 'меш', price: [420, 980], items: ['Шпаклёвка финишная', 'Шпаклёвка базовая', 'Шпаклёвка полимерная'], sizes: ['20 кг', '25 кг'] },
    { name: 'Плиточные клеи', unit: 'меш', price: [310, 890], items: ['Клей для плитки стандарт', 'Клей для керамогранита', 'Клей эластичный'], sizes: ['25 кг'] },
    { name: 'Наливные полы', unit: 'меш', price: [450, 1100], items: ['Ровнитель пола быстротвердеющий', 'Наливной пол финишный'], sizes: ['20 кг', '25 кг'] },
  ] },
  { name: 'Кровельные материалы', sku: 'KRV', groups: [
    { name: 'Металлочерепица', unit: 'м2', price: [540, 980], items: ['Металлочерепица Монтеррей', 'Металлочерепица Каскад'], sizes: ['0,45 мм', '0,5 мм'] },
    { name: 'Профнастил', unit: 'м2', price: [420, 860], items: ['Профнастил С8', 'Профнастил С21', 'Профнастил НС35'], sizes: ['0,45 мм', '0,5 мм'] },
    { name: 'Мягкая кровля', unit: 'рул', price: [1400, 4200], items: ['Рубероид РКП', 'Наплавляемая кровля', 'Подкладочный ковёр'], sizes: ['10 м2', '15 м2'] },
    { name: 'Водосточные системы', unit: 'шт', price: [260, 1900], items: ['Желоб водосточный', 'Труба водосточная', 'Воронка водосточная'], sizes: ['ПВХ', 'металл'] },
  ] },
  { name: 'Теплоизоляция', sku: 'TPL', groups: [
    { name: 'Минеральная вата', unit: 'упак', price: [780, 2400], items: ['Утеплитель каменная вата Лайт', 'Утеплитель каменная вата Фасад', 'Утеплитель стекловолокно'], sizes: ['50 мм', '100 мм'] },
    { name: 'Пенополистирол', unit: 'упак', price: [900, 2600], items: ['Пенопласт ППС-15', 'Пенопласт ППС-25'], sizes: ['50 мм', '100 мм'] },
    { name: 'Экструдированный пенополистирол', unit: 'упак', price: [1500, 3900], items: ['XPS плиты Стандарт', 'XPS плиты Фундамент'], sizes: ['30 мм', '50 мм', '100 мм'] },
  ] },
  { name: 'Крепёж и метизы', sku: 'KRP', groups: [
    { name: 'Саморезы', unit: 'упак', price: [180, 950], items: ['Саморез по дереву', 'Саморез по металлу', 'Саморез кровельный'], sizes: ['3,5x35 (1000 шт)', '4,2x51 (500 шт)'] },
    { name: 'Анкеры', unit: 'упак', price: [350, 2400], items: ['Анкер клиновой', 'Анкерный болт с гайкой'], sizes: ['М8 (50 шт)', 'М10 (50 шт)', 'М12 (25 шт)'] },
    { name: 'Болты и гайки', unit: 'кг', price: [220, 640], items: ['Болт DIN 933', 'Гайка DIN 934', 'Шайба DIN 125'], sizes: ['М10', 'М12'] },
    { name: 'Дюбели', unit: 'упак', price: [140, 780], items: ['Дюбель-гвоздь', 'Дюбель фасадный'], sizes: ['6x40 (200 шт)', '10x100 (50 шт)'] },
  ] },
  { name: 'Электроинструмент', sku: 'INS', groups: [
    { name: 'Дрели и шуруповёрты', unit: 'шт', price: [3900, 18900], items: ['Дрель ударная', 'Шуруповёрт аккумуляторный'], sizes: ['бытовой', 'профессиональный'] },
    { name: 'Перфораторы', unit: 'шт', price: [7800, 32000], items: ['Перфоратор SDS-plus', 'Перфоратор SDS-max'], sizes: ['800 Вт', '1500 Вт'] },
    { name: 'Шлифмашины', unit: 'шт', price: [4200, 21000], items: ['УШМ', 'Шлифмашина эксцентриковая'], sizes: ['125 мм', '230 мм'] },
    { name: 'Расходные материалы', unit: 'упак', price: [250, 3200], items: ['Круг отрезной по металлу', 'Бур SDS-plus', 'Бита PH2'], sizes: ['(10 шт)', '(25 шт)'] },
  ] },
  { name: 'Трубы и фитинги', sku: 'TRB', groups: [
    { name: 'Полипропиленовые трубы', unit: 'м', price: [45, 320], items: ['Труба PP-R PN20', 'Труба PP-R армированная'], sizes: ['20 мм', '25 мм', '32 мм'] },
    { name: 'Трубы ПНД', unit: 'м', price: [38, 410], items: ['Труба ПНД питьевая', 'Труба ПНД техническая'], sizes: ['32 мм', '63 мм', '110 мм'] },
    { name: 'Фитинги', unit: 'шт', price: [25, 480], items: ['Муфта', 'Угол 90°', 'Тройник'], sizes: ['20 мм', '32 мм'] },
    { name: 'Запорная арматура', unit: 'шт', price: [320, 4800], items: ['Кран шаровой латунный', 'Задвижка чугунная'], sizes: ['DN15', 'DN25', 'DN50'] },
  ] },
  { name: 'Электротехника', sku: 'ELT', groups: [
    { name: 'Кабель и провод', unit: 'м', price: [28, 390], items: ['Кабель ВВГнг-LS', 'Провод ПуГВ'], sizes: ['3x1,5', '3x2,5', '5x4'] },
    { name: 'Автоматические выключатели', unit: 'шт', price: [180, 2900], items: ['Автомат модульный', 'УЗО', 'Дифавтомат'], sizes: ['16 А', '32 А'] },
    { name: 'Электроустановочные изделия', unit: 'шт', price: [90, 950], items: ['Розетка с заземлением', 'Выключатель двухклавишный'], sizes: ['скрытая', 'накладная'] },
    { name: 'Светильники', unit: 'шт', price: [650, 7800], items: ['Светильник светодиодный офисный', 'Прожектор светодиодный'], sizes: ['36 Вт', '100 Вт'] },
  ] },
  { name: 'Лакокрасочные материалы', sku: 'LKM', groups: [
    { name: 'Грунтовки', unit: 'шт', price: [390, 2900], items: ['Грунтовка глубокого проникновения', 'Грунт-бетоноконтакт'], sizes: ['10 л', '20 кг'] },
    { name: 'Краски фасадные', unit: 'шт', price: [1900, 8900], items: ['Краска фасадная акриловая', 'Краска фасадная силиконовая'], sizes: ['9 л', '14 кг'] },
    { name: 'Краски интерьерные', unit: 'шт', price: [900, 5400], items: ['Краска интерьерная моющаяся', 'Краска для потолков'], sizes: ['2,7 л', '9 л'] },
    { name: 'Эмали', unit: 'шт', price: [420, 2300], items: ['Эмаль ПФ-115', 'Эмаль по ржавчине 3 в 1'], sizes: ['0,9 кг', '2,7 кг'] },
  ] },
  { name: 'Спецодежда и СИЗ', sku: 'SIZ', groups: [
    { name: 'Перчатки', unit: 'упак', price: [190, 1400], items: ['Перчатки х/б с ПВХ', 'Перчатки нитриловые'], sizes: ['(10 пар)', '(50 пар)'] },
    { name: 'Каски и очки', unit: 'шт', price: [150, 1300], items: ['Каска защитная', 'Очки защитные открытые'], sizes: ['стандарт', 'с регулировкой'] },
    { name: 'Спецодежда', unit: 'шт', price: [1200, 6800], items: ['Костюм рабочий летний', 'Костюм рабочий утеплённый', 'Жилет сигнальный'], sizes: ['48-50', '52-54'] },
  ] },
  { name: 'Металлопрокат', sku: 'MTL', groups: [
    { name: 'Арматура', unit: 'т', price: [54000, 72000], items: ['Арматура А500С'], sizes: ['10 мм', '12 мм', '16 мм'] },
    { name: 'Трубы профильные', unit: 'м', price: [110, 980], items: ['Труба профильная'], sizes: ['20x20x2', '40x40x2', '60x40x3', '80x80x4'] },
    { name: 'Листовой прокат', unit: 'шт', price: [2400, 14800], items: ['Лист горячекатаный', 'Лист оцинкованный'], sizes: ['1,5 мм', '3 мм'] },
    { name: 'Уголок и швеллер', unit: 'м', price: [95, 1200], items: ['Уголок равнополочный', 'Швеллер'], sizes: ['50x50', '100 мм'] },
  ] },
];

export type CatalogProduct = { categoryIndex: number; groupIndex: number; sku: string; name: string; unit: string; listKop: number; costKop: number };

/** The products, deterministic by seed: prices within the group's range, cost 62-82% of list. */
export function catalogProducts(seed: number): CatalogProduct[] {
  const rng = createRng(seed, 11);
  const products: CatalogProduct[] = [];
  let groupIndex = 0;
  CATEGORY_DEFS.forEach((category, categoryIndex) => {
    let n = 0;
    for (const group of category.groups) {
      for (const item of group.items) {
        for (const size of group.sizes) {
          const listKop = Math.round(rng.float(group.price[0], group.price[1])) * 100 + (rng.chance(0.5) ? 90 : 0);
          products.push({
            categoryIndex,
            groupIndex,
            sku: `${category.sku}-${String(++n).padStart(4, '0')}`,
            name: `${item} ${size}`,
            unit: group.unit,
            listKop,
            costKop: Math.round(listKop * rng.float(0.62, 0.82)),
          });
        }
      }
      groupIndex++;
    }
  });
  return products;
}
