import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { ImportType } from '../../../domain/import/fields.js';
import { invalidField } from '../../../domain/errors.js';
import type { ImportRecord, RecordSource } from '../source/records.js';
import { child, childrenNamed, childText, collectElements, type XNode } from './xml-stream.js';

// 1C CommerceML 2 (2.08, 2.10): import.xml (classifier + catalogue), offers.xml (prices) and
// orders.xml (documents with counterparties and lines), read as a stream of records.
export type CommerceMlKind = 'catalogue' | 'offers' | 'documents';

const ROOT = 'КоммерческаяИнформация';
const KIND_TYPE: Record<CommerceMlKind, ImportType> = { catalogue: 'products', offers: 'products', documents: 'orders' };
const KIND_NAME: Record<CommerceMlKind, string> = { catalogue: 'a catalogue (import.xml)', offers: 'offers with prices (offers.xml)', documents: 'order documents (orders.xml)' };

export function detectKind(head: string): CommerceMlKind | null {
  if (!head.includes(ROOT)) return null;
  if (head.includes('<ПакетПредложений')) return 'offers';
  if (head.includes('<Документ')) return 'documents';
  if (head.includes('<Классификатор') || head.includes('<Каталог')) return 'catalogue';
  return null;
}

export type CommerceMlOptions = { priceType?: string | undefined };

const DOC = `${ROOT}/Документ`;
const GOODS = `${ROOT}/Каталог/Товары/Товар`;
const GROUPS = `${ROOT}/Классификатор/Группы`;
const OFFER = `${ROOT}/ПакетПредложений/Предложения/Предложение`;
const PRICE_TYPES = `${ROOT}/ПакетПредложений/ТипыЦен`;

const LABELS: Record<CommerceMlKind, Record<string, string>> = {
  catalogue: { externalId: 'Товар/Ид', sku: 'Товар/Артикул', name: 'Товар/Наименование', category: 'Товар/Группы/Ид', group: 'Товар/Группы/Ид', unit: 'Товар/БазоваяЕдиница', listPrice: 'Цена' },
  offers: { externalId: 'Предложение/Ид', sku: 'Предложение/Артикул', name: 'Предложение/Наименование', unit: 'Предложение/БазоваяЕдиница', listPrice: 'Предложение/Цены/Цена/ЦенаЗаЕдиницу', category: 'Группа', group: 'Группа' },
  documents: {
    orderExternalId: 'Документ/Ид', number: 'Документ/Номер', date: 'Документ/Дата', status: 'Документ/ЗначенияРеквизитов',
    companyExternalId: 'Контрагент/Ид', companyInn: 'Контрагент/ИНН', companyKpp: 'Контрагент/КПП', companyName: 'Контрагент/Наименование',
    owner: 'Документ/Ответственный', lineNo: 'Товар', productExternalId: 'Товар/Ид', sku: 'Товар/Артикул', productName: 'Товар/Наименование',
    quantity: 'Товар/Количество', price: 'Товар/ЦенаЗаЕдиницу', amount: 'Товар/Сумма', cost: 'Товар/Себестоимость',
  },
};

const reader = (values: Record<string, string | undefined>) => (field: string) => {
  const v = values[field]?.trim();
  return v === '' ? undefined : v;
};

// An offer or order line for a product characteristic is "productId#characteristicId".
const productId = (id: string | undefined) => id?.split('#')[0];

function unitOf(node: XNode): string | undefined {
  const u = child(node, 'БазоваяЕдиница');
  return u?.text || u?.attrs['НаименованиеКраткое'] || undefined;
}

function requisites(node: XNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of childrenNamed(child(node, 'ЗначенияРеквизитов'), 'ЗначениеРеквизита')) {
    const name = childText(r, 'Наименование');
    if (name) out.set(name.toLowerCase(), childText(r, 'Значение') ?? '');
  }
  return out;
}

type Group = { name: string; parent: string | null };

function readGroups(node: XNode, parent: string | null, into: Map<string, Group>) {
  for (const g of childrenNamed(node, 'Группа')) {
    const id = childText(g, 'Ид');
    if (!id) continue;
    into.set(id, { name: childText(g, 'Наименование') ?? id, parent });
    const nested = child(g, 'Группы');
    if (nested) readGroups(nested, id, into);
  }
}

function* catalogueRecords(node: XNode, groups: Map<string, Group>): Generator<ImportRecord> {
  if (/удален/i.test(node.attrs['Статус'] ?? childText(node, 'Статус') ?? '')) return;
  // Holdfast's classifier is category -> group: the root 1C group is the category, the leaf the group.
  let category: string | undefined;
  let group: string | undefined;
  const groupId = childText(node, 'Группы/Ид');
  if (groupId && groups.has(groupId)) {
    group = groups.get(groupId)!.name;
    let root = groupId;
    while (groups.get(root)?.parent) root = groups.get(root)!.parent!;
    category = groups.get(root)!.name;
  }
  yield {
    rowNo: node.line,
    get: reader({ externalId: childText(node, 'Ид'), sku: childText(node, 'Артикул'), name: childText(node, 'Наименование'), category, group, unit: unitOf(node) }),
  };
}

function* offerRecords(node: XNode, priceTypeId: string | undefined): Generator<ImportRecord> {
  const prices = childrenNamed(child(node, 'Цены'), 'Цена');
  const price = prices.find((p) => !priceTypeId || childText(p, 'ИдТипаЦены') === priceTypeId) ?? (priceTypeId ? undefined : prices[0]);
  yield {
    rowNo: node.line,
    get: reader({
      externalId: productId(childText(node, 'Ид')),
      sku: childText(node, 'Артикул'),
      name: childText(node, 'Наименование'),
      unit: unitOf(node),
      listPrice: price && childText(price, 'ЦенаЗаЕдиницу'),
    }),
  };
}

function buyerOf(doc: XNode): XNode | undefined {
  const parties = childrenNamed(child(doc, 'Контрагенты'), 'Контрагент');
  return parties.find((p) => /покупател/i.test(childText(p, 'Роль') ?? '')) ?? parties[0];
}

const partyText = (party: XNode | undefined, field: string) =>
  party && (childText(party, field) ?? childText(party, `РеквизитыЮрЛица/${field}`) ?? childText(party, `РеквизитыФизЛица/${field}`));

function* documentRecords(doc: XNode): Generator<ImportRecord> {
  const operation = childText(doc, 'ХозОперация');
  const lines = childrenNamed(child(doc, 'Товары'), 'Товар');
  const req = requisites(doc);
  // A cancelled 1C order is still history; its state comes from the document's requisites.
  const cancelled = /^(true|да|1)$/i.test(req.get('отменен') ?? '');
  const state = cancelled ? 'cancelled' : undefined;
  const buyer = buyerOf(doc);
  const header = {
    orderExternalId: childText(doc, 'Ид'),
    number: childText(doc, 'Номер'),
    date: childText(doc, 'Дата'),
    status: state,
    companyExternalId: buyer && childText(buyer, 'Ид'),
    companyInn: partyText(buyer, 'ИНН'),
    companyKpp: partyText(buyer, 'КПП'),
    companyName: partyText(buyer, 'Наименование') ?? partyText(buyer, 'ОфициальноеНаименование') ?? partyText(buyer, 'ПолноеНаименование'),
  };
  if (operation && !/заказ товара/i.test(operation)) {
    yield { rowNo: doc.line, get: reader(header), rejected: { field: 'number', message: `the document is not an order (ХозОперация "${operation}")` } };
    return;
  }
  let lineNo = 0;
  for (const line of lines) {
    lineNo++;
    yield {
      rowNo: line.line,
      get: reader({
        ...header,
        lineNo: String(lineNo),
        productExternalId: productId(childText(line, 'Ид')),
        sku: childText(line, 'Артикул'),
        productName: childText(line, 'Наименование'),
        quantity: childText(line, 'Количество'),
        price: childText(line, 'ЦенаЗаЕдиницу'),
        amount: childText(line, 'Сумма'),
      }),
    };
  }
  if (lines.length === 0) yield { rowNo: doc.line, get: reader(header), rejected: { field: 'lineNo', message: 'the document has no lines (Товары/Товар)' } };
}

/** Opens a CommerceML file as records of the import type its content implies (checked against `type`). */
export async function openCommerceMl(path: string, type: ImportType, sniffed: { encoding: string; totalBytes: number }, options: CommerceMlOptions = {}): Promise<RecordSource> {
  const head = await readHead(path, sniffed.encoding);
  const kind = detectKind(head);
  if (!kind) throw invalidField('file', 'this XML is not a CommerceML 2 catalogue, offers or orders file');
  if (KIND_TYPE[kind] !== type) throw invalidField('type', `this CommerceML file holds ${KIND_NAME[kind]}; import it as ${KIND_TYPE[kind]}`);
  if (kind === 'offers' && options.priceType) checkPriceType(head, options.priceType);
  const input = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  const text = input.pipe(iconv.decodeStream(sniffed.encoding));
  const wanted = new Set(kind === 'catalogue' ? [GROUPS, GOODS] : kind === 'offers' ? [PRICE_TYPES, OFFER] : [DOC]);

  async function* records(): AsyncGenerator<ImportRecord[]> {
    const groups = new Map<string, Group>();
    let priceTypeId: string | undefined;
    let batch: ImportRecord[] = [];
    for await (const { path: p, node } of collectElements(text as never, wanted)) {
      if (p === GROUPS) readGroups(node, null, groups);
      else if (p === GOODS) batch.push(...catalogueRecords(node, groups));
      else if (p === PRICE_TYPES) priceTypeId = choosePriceType(node, options.priceType);
      else if (p === OFFER) batch.push(...offerRecords(node, priceTypeId));
      else if (p === DOC) batch.push(...documentRecords(node));
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  return {
    format: 'commerceml',
    type,
    encoding: sniffed.encoding,
    delimiter: null,
    labels: LABELS[kind],
    records: records(),
    bytesRead: () => input.bytesRead,
    totalBytes: sniffed.totalBytes,
    close: () => input.destroy(),
  };
}

// ТипыЦен opens the offers package, so a price type that is not there is a 400 before anything runs.
function checkPriceType(head: string, wanted: string) {
  const types = [...head.matchAll(/<(?:\w+:)?ТипЦены>[\s\S]*?<(?:\w+:)?Ид>([^<]*)<[\s\S]*?<(?:\w+:)?Наименование>([^<]*)</g)].map((m) => ({ id: m[1]!.trim(), name: m[2]!.trim() }));
  if (types.length && !types.some((t) => t.id === wanted || t.name.toLowerCase() === wanted.toLowerCase())) {
    throw invalidField('priceType', `no price type "${wanted}" in the file; it has: ${types.map((t) => t.name).join(', ')}`);
  }
}

function choosePriceType(node: XNode, wanted: string | undefined): string | undefined {
  const types = childrenNamed(node, 'ТипЦены');
  const match = wanted ? types.find((t) => childText(t, 'Ид') === wanted || childText(t, 'Наименование')?.toLowerCase() === wanted.toLowerCase()) : types[0];
  if (wanted && !match) throw invalidField('priceType', `no price type "${wanted}" in the file; it has: ${types.map((t) => childText(t, 'Наименование')).join(', ')}`);
  return match && childText(match, 'Ид');
}

async function readHead(path: string, encoding: string): Promise<string> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return iconv.decode(buf.subarray(0, bytesRead), encoding);
  } finally {
    await handle.close();
  }
}
