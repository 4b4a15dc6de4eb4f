// Cell parsers for imported files: Russian and English ways of writing numbers, dates and flags.
// Each returns the canonical form the database stores, or a sentence saying what is wrong.
export type Parsed<T> = { value: T; error?: undefined } | { error: string; value?: undefined };

const ok = <T>(value: T): Parsed<T> => ({ value });
const fail = (error: string): Parsed<never> => ({ error });

// Thousands separators seen in the wild: spaces, no-break spaces, thin spaces, apostrophes.
const GROUPING = /[\s\u00a0\u202f\u2009']/g;
const CURRENCY = /(₽|руб\.?|р\.|rub|rur)$/i;

/**
 * "1 234,56", "1.234,56", "1,234.56", "1234.5" -> "1234.56"/"1234.5"; a single comma is a decimal
 * comma (the Russian convention), several commas or dots are grouping.
 */
const PLAIN = /^(\d+)(?:[.,](\d+))?$/;

export function parseDecimal(raw: string, { scale, allowNegative = false }: { scale: number; allowNegative?: boolean }): Parsed<string> {
  // Most cells are plain ("1250", "12,50"): skip the grouping and currency handling (a million rows add up).
  const plain = PLAIN.exec(raw);
  if (plain) return canonical(raw, '', plain[1]!, plain[2] ?? '', scale, allowNegative);
  let s = raw.trim().replace(CURRENCY, '').replace(GROUPING, '');
  let sign = '';
  if (s.startsWith('-') || s.startsWith('−')) {
    sign = '-';
    s = s.slice(1);
  }
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  if (commas && dots) {
    const decimal = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    s = s.replaceAll(decimal === ',' ? '.' : ',', '').replace(',', '.');
  } else if (commas === 1) s = s.replace(',', '.');
  else if (commas > 1) s = s.replaceAll(',', '');
  else if (dots > 1) s = s.replaceAll('.', '');
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(s)) return fail(`"${raw}" is not a number`);
  const [whole = '', frac = ''] = s.split('.');
  return canonical(raw, sign, whole, frac, scale, allowNegative);
}

function canonical(raw: string, sign: string, wholeIn: string, fracIn: string, scale: number, allowNegative: boolean): Parsed<string> {
  const whole = wholeIn.replace(/^0+(?=\d)/, '') || '0';
  const frac = fracIn.replace(/0+$/, '');
  if (frac.length > scale) return fail(`"${raw}" has more than ${scale} decimal places`);
  if (whole.length > 15 - scale) return fail(`"${raw}" is too large`);
  if (sign && !allowNegative && (whole !== '0' || frac !== '')) return fail(`"${raw}" must not be negative`);
  return ok(`${sign && (whole !== '0' || frac) ? sign : ''}${whole}${frac ? `.${frac}` : ''}`);
}

export const parseMoney = (raw: string) => parseDecimal(raw, { scale: 2 });

export function parseQuantity(raw: string): Parsed<string> {
  const q = parseDecimal(raw, { scale: 3 });
  if (q.error !== undefined) return q;
  return /[1-9]/.test(q.value) ? q : fail(`"${raw}" must be greater than zero`);
}

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DMY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

type DateParts = { date: string; time: string | null; offset: string | null };

function dateParts(raw: string): DateParts | null {
  const s = raw.trim().replace(/\s*г\.?$/, '');
  const time = (h?: string, mi?: string, se?: string) => {
    if (h === undefined || mi === undefined) return null;
    if (Number(h) > 23 || Number(mi) > 59 || Number(se ?? 0) > 59) return 'bad';
    return `${h.padStart(2, '0')}:${mi}:${se ?? '00'}`;
  };
  let m = DMY.exec(s);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const date = isoDate(year, Number(m[2]), Number(m[1]));
    const t = time(m[4], m[5], m[6]);
    return date && t !== 'bad' ? { date, time: t, offset: null } : null;
  }
  m = YMD.exec(s);
  if (m) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    const t = time(m[4], m[5], m[6]);
    const offset = m[7] ? (m[7] === 'Z' ? '+00:00' : m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
    return date && t !== 'bad' ? { date, time: t, offset } : null;
  }
  return null;
}

/** "31.12.2024", "31.12.24", "2024-12-31", "31/12/2024" (a time part is ignored) -> "2024-12-31". */
export function parseDate(raw: string): Parsed<string> {
  const p = dateParts(raw);
  return p ? ok(p.date) : fail(`"${raw}" is not a date; write it as dd.mm.yyyy or yyyy-mm-dd`);
}

/** A date with an optional time; without an offset it is read in the given zone (default Moscow). */
export function parseDateTime(raw: string, defaultOffset = '+03:00'): Parsed<string> {
  const p = dateParts(raw);
  if (!p) return fail(`"${raw}" is not a date and time; write it as dd.mm.yyyy hh:mm or ISO 8601`);
  return ok(`${p.date}T${p.time ?? '00:00:00'}${p.offset ?? defaultOffset}`);
}

const TRUE = new Set(['да', 'д', 'yes', 'y', 'true', 'истина', '1', '+', 'x', 'х', 'v', '✓']);
const FALSE = new Set(['нет', 'н', 'no', 'n', 'false', 'ложь', '0', '-']);

export function parseBoolean(raw: string): Parsed<boolean> {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return fail(`"${raw}" is not yes or no (да/нет)`);
}

/** Reads an enum from its code or any synonym, ignoring case and ё. */
export function parseChoice<T extends string>(raw: string, choices: Record<T, string[]>): Parsed<T> {
  const s = raw.trim().toLowerCase().replaceAll('ё', 'е');
  for (const [code, synonyms] of Object.entries(choices) as [T, string[]][]) {
    if (s === code || synonyms.includes(s)) return ok(code);
  }
  return fail(`"${raw}" is not one of: ${Object.keys(choices).join(', ')}`);
}

export const COMPANY_STATUS_WORDS = {
  prospect: ['потенциальный', 'потенциальный клиент', 'новый', 'лид', 'lead', 'new'],
  active: ['активный', 'действующий', 'работает', 'клиент'],
  at_risk: ['под угрозой', 'в зоне риска', 'риск', 'at risk', 'risk'],
  lost: ['потерян', 'потерянный', 'ушел', 'ушедший', 'архив', 'churned'],
};
export const ORDER_STATUS_WORDS = {
  draft: ['черновик', 'не проведен'],
  confirmed: ['подтвержден', 'согласован', 'в работе', 'к выполнению', 'новый', 'open'],
  shipped: ['отгружен', 'отгружено', 'в пути', 'к оплате'],
  completed: ['выполнен', 'завершен', 'закрыт', 'оплачен', 'исполнен', 'проведен', 'done', 'closed', 'paid'],
  cancelled: ['отменен', 'отмена', 'canceled', 'отклонен'],
};
export const ACTIVITY_TYPE_WORDS = {
  call: ['звонок', 'телефонный звонок', 'телефон', 'phone call', 'phone'],
  email: ['письмо', 'почта', 'e-mail', 'эл письмо', 'электронное письмо'],
  meeting: ['встреча', 'переговоры', 'совещание'],
  visit: ['визит', 'выезд', 'посещение'],
  note: ['заметка', 'комментарий', 'примечание', 'прочее', 'другое', 'other', 'comment'],
};
export const DIRECTION_WORDS = {
  inbound: ['входящий', 'входящее', 'вход', 'in', 'incoming'],
  outbound: ['исходящий', 'исходящее', 'исх', 'out', 'outgoing'],
};

/** Splits a multi-value cell ("a@x.ru; b@x.ru", "+7 912..., 8 495...") into trimmed parts. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[;,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (s: string) => s.length <= 254 && EMAIL.test(s);
