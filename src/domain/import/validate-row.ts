import { checkInn } from '../inn.js';
import { fromMinor, toMinor } from '../money.js';
import { normalisePhone } from '../phone.js';
import type { ImportType } from './fields.js';
import {
  ACTIVITY_TYPE_WORDS,
  COMPANY_STATUS_WORDS,
  DIRECTION_WORDS,
  isEmail,
  ORDER_STATUS_WORDS,
  type Parsed,
  parseBoolean,
  parseChoice,
  parseDate,
  parseDateTime,
  parseMoney,
  parseQuantity,
  splitList,
} from './values.js';

export type CellValue = string | boolean | string[] | null;
export type RowIssue = { field: string; value: string; message: string };
export type RowResult = { values: Record<string, CellValue>; issues: RowIssue[] };
/** A row's cell for a field: trimmed text, or undefined when the column is absent or the cell empty. */
export type CellReader = (field: string) => string | undefined;
export type ValidateOptions = { timezone?: string };

class Row {
  readonly values: Record<string, CellValue> = {};
  readonly issues: RowIssue[] = [];
  constructor(readonly get: CellReader) {}

  problem(field: string, message: string) {
    this.issues.push({ field, value: this.get(field) ?? '', message });
  }

  text(field: string, max: number, required = false) {
    const v = this.get(field);
    if (v === undefined) {
      if (required) this.problem(field, 'is required');
      this.values[field] = null;
    } else if (v.length > max) this.problem(field, `is longer than ${max} characters`);
    else this.values[field] = v;
  }

  parsed<T extends CellValue>(field: string, parse: (raw: string) => Parsed<T>, required = false) {
    const v = this.get(field);
    this.values[field] = null;
    if (v === undefined) {
      if (required) this.problem(field, 'is required');
      return;
    }
    const r = parse(v);
    if (r.error !== undefined) this.problem(field, r.error);
    else this.values[field] = r.value;
  }

  inn(field: string) {
    this.parsed(field, parseInn);
  }

  phones(field: string) {
    this.parsed(field, (raw) => {
      const out: string[] = [];
      for (const p of splitList(raw)) {
        const e164 = normalisePhone(p);
        if (!e164) return { error: `"${p}" is not a phone number` };
        if (!out.includes(e164)) out.push(e164);
      }
      return { value: out };
    });
  }

  emails(field: string) {
    this.parsed(field, (raw) => {
      const out = [...new Set(splitList(raw).map((e) => e.toLowerCase()))];
      const bad = out.find((e) => !isEmail(e));
      return bad ? { error: `"${bad}" is not an email address` } : { value: out };
    });
  }

  companyRef() {
    this.text('companyExternalId', 200);
    this.inn('companyInn');
    this.text('companyName', 300);
    const given = ['companyExternalId', 'companyInn', 'companyName'].some((f) => this.get(f) !== undefined);
    if (!given) this.problem('companyName', 'no company given: fill the company name, INN or code');
  }
}

// Excel turns an INN from a region 01-09 into a number and drops its leading zero; put it back.
export function parseInn(raw: string): Parsed<string> {
  const digits = raw.replace(/\s/g, '');
  const candidate = /^\d{9}$|^\d{11}$/.test(digits) ? `0${digits}` : digits;
  const check = checkInn(candidate);
  return check.ok ? { value: candidate } : { error: check.reason };
}

function parseKpp(raw: string): Parsed<string> {
  const s = raw.replace(/\s/g, '').toUpperCase();
  const candidate = /^\d{8}$/.test(s) ? `0${s}` : s;
  return /^\d{4}[0-9A-Z]{2}\d{3}$/.test(candidate) ? { value: candidate } : { error: 'KPP must be 9 characters: 4 digits, 2 digits or letters, 3 digits' };
}

function parseLineNo(raw: string): Parsed<string> {
  const n = Number(raw.replace(/\.0+$/, ''));
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? { value: String(n) } : { error: `"${raw}" is not a line number (a whole number from 1)` };
}

function parseTags(raw: string): Parsed<string[]> {
  const tags = [...new Set(splitList(raw))];
  if (tags.length > 50) return { error: 'at most 50 tags' };
  const long = tags.find((t) => t.length > 50);
  return long ? { error: `tag "${long}" is longer than 50 characters` } : { value: tags };
}

/** Unit price from a line amount when the file has only "Сумма": amount / quantity, half-up to kopecks. */
export function priceFromAmount(amount: string, quantity: string): string {
  const [qw = '0', qf = ''] = quantity.split('.');
  const qMilli = BigInt(qw) * 1000n + BigInt((qf + '000').slice(0, 3));
  return fromMinor((toMinor(amount) * 1000n * 2n + qMilli) / (qMilli * 2n));
}

const VALIDATORS: Record<ImportType, (r: Row, o: ValidateOptions) => void> = {
  companies(r) {
    r.text('externalId', 200);
    r.text('name', 300, true);
    r.text('legalName', 500);
    r.inn('inn');
    r.parsed('kpp', parseKpp);
    r.phones('phone');
    r.emails('email');
    r.text('contactName', 200);
    r.text('address', 1000);
    r.text('website', 500);
    r.parsed('status', (v) => parseChoice(v, COMPANY_STATUS_WORDS));
    r.text('owner', 254);
    r.parsed('tags', parseTags);
    r.parsed('annualPotential', parseMoney);
  },
  contacts(r) {
    r.text('externalId', 200);
    r.companyRef();
    r.text('name', 200, true);
    r.text('position', 200);
    r.parsed('isDecisionMaker', parseBoolean);
    r.phones('phone');
    r.emails('email');
    r.parsed('birthday', parseDate);
  },
  products(r) {
    r.text('externalId', 200);
    r.text('sku', 100);
    if (r.get('sku') === undefined && r.get('externalId') === undefined) r.problem('sku', 'is required (or an external ID)');
    r.text('name', 300, true);
    r.text('category', 200);
    r.text('group', 200);
    r.text('unit', 20);
    r.parsed('listPrice', parseMoney);
  },
  orders(r) {
    r.text('orderExternalId', 200);
    r.text('number', 100, true);
    r.parsed('date', parseDate, true);
    r.parsed('status', (v) => parseChoice(v, ORDER_STATUS_WORDS));
    r.companyRef();
    r.parsed('companyKpp', parseKpp);
    r.text('owner', 254);
    r.parsed('lineNo', parseLineNo);
    r.text('productExternalId', 200);
    r.text('sku', 100);
    r.text('productName', 300);
    if (['productExternalId', 'sku', 'productName'].every((f) => r.get(f) === undefined)) r.problem('productName', 'no product given: fill the product, SKU or code');
    r.parsed('quantity', parseQuantity, true);
    r.parsed('price', parseMoney);
    r.parsed('amount', parseMoney);
    r.parsed('cost', parseMoney);
    const { price, amount, quantity } = r.values;
    if (price === null && r.get('price') === undefined) {
      if (typeof amount === 'string' && typeof quantity === 'string') r.values.price = priceFromAmount(amount, quantity);
      else if (r.get('amount') === undefined) r.problem('price', 'is required (or the line amount)');
    }
    // Lines belong to an order by its code, or by its number when the file has no codes.
    r.values.orderKey = r.get('orderExternalId') ?? r.get('number') ?? null;
  },
  activities(r, o) {
    r.text('externalId', 200);
    r.parsed('type', (v) => parseChoice(v, ACTIVITY_TYPE_WORDS));
    r.values.type ??= r.get('type') === undefined ? 'note' : null;
    r.parsed('occurredAt', (v) => parseDateTime(v, o.timezone), true);
    r.text('employee', 254, true);
    r.companyRef();
    r.text('contactName', 200);
    r.parsed('direction', (v) => parseChoice(v, DIRECTION_WORDS));
    r.text('summary', 10000);
  },
};

/** Parses one row of a file into the canonical values of its fields, with every problem found. */
export function validateRow(type: ImportType, get: CellReader, options: ValidateOptions = {}): RowResult {
  const row = new Row(get);
  VALIDATORS[type](row, options);
  return { values: row.values, issues: row.issues };
}
