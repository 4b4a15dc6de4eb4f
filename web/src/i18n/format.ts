import i18n from 'i18next';

// Dates, money and numbers through Intl in the current language: RUB in Russian reads
// "1 234 567,89 ₽"; in English "RUB 1,234,567.89".
const LOCALES = { ru: 'ru-RU', en: 'en-GB' } as const;
export type Lang = keyof typeof LOCALES;
export const LANGS = Object.keys(LOCALES) as Lang[];

export const currentLang = (): Lang => (i18n.language === 'ru' ? 'ru' : 'en');
export const intlLocale = (lang: Lang = currentLang()) => LOCALES[lang];

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${intlLocale()}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(intlLocale(), options)));
  return f;
}
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${intlLocale()}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(intlLocale(), options)));
  return f;
}

/** Money arrives as a decimal string; Intl formats the string exactly (no float on the way). */
export function formatMoney(amount: string | null | undefined, options: { compact?: boolean } = {}): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const f = numberFormat(
    options.compact
      ? { style: 'currency', currency: 'RUB', notation: 'compact', maximumFractionDigits: 1 }
      : { style: 'currency', currency: 'RUB', minimumFractionDigits: 2, maximumFractionDigits: 2 },
  );
  return f.format(amount as Intl.StringNumericLiteral);
}

export const formatNumber = (n: number) => numberFormat({}).format(n);

/** A `YYYY-MM-DD` date, read as a calendar day (no time zone shift). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const day = value.length === 10 ? new Date(`${value}T00:00:00`) : new Date(value);
  return dateFormat({ day: 'numeric', month: 'short', year: 'numeric' }).format(day);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return dateFormat({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

export function formatTime(value: string): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

/** A `YYYY-MM` month, e.g. "March 2026" / "март 2026 г.". */
export function formatMonth(value: string): string {
  return capitalise(dateFormat({ month: 'long', year: 'numeric' }).format(new Date(`${value}-01T00:00:00`)));
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago" / "через 2 часа", through Intl.RelativeTimeFormat. */
export function formatRelative(value: string, now = Date.now()): string {
  const diff = new Date(value).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' });
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}

/** "Monday, 23 November" / "понедельник, 23 ноября". */
export function formatLongDate(value: Date): string {
  return capitalise(dateFormat({ weekday: 'long', day: 'numeric', month: 'long' }).format(value));
}

const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase(intlLocale()) + text.slice(1);
