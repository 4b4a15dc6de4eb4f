import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

// The API speaks English; the person may not. Known validation messages are translated,
// anything else is shown as the API wrote it (still naming the field it belongs to).
const KNOWN: Array<[RegExp, (t: TFunction, m: RegExpMatchArray) => string]> = [
  [/^must not be empty$|^is required$|^Required$|expected string, received undefined/i, (t) => t('validation.required')],
  [/^must be at most (\d+) characters$/i, (t, m) => t('validation.maxChars', { count: Number(m[1]) })],
  [/phone/i, (t) => t('validation.phone')],
  [/^must be an email address$|invalid email/i, (t) => t('validation.email')],
  [/^INN must be 10 or 12 digits$/i, (t) => t('validation.innLength')],
  [/^INN check digits? (is|are) wrong$/i, (t) => t('validation.innCheck')],
  [/^KPP must be/i, (t) => t('validation.kpp')],
  [/^already exists$/i, (t) => t('validation.exists')],
  [/^must be a non-negative decimal amount/i, (t) => t('validation.money')],
  [/^must be a date in YYYY-MM-DD form$/i, (t) => t('validation.date')],
  [/^must not be in the future$/i, (t) => t('validation.future')],
  [/refers to a record that does not exist/i, (t) => t('validation.reference')],
  [/^(.+) has (\d+) months here; A clients go only to managers with at least (\d+)$/, (t, m) => t('validation.aClientTenure', { name: m[1] ?? '', months: m[2] ?? '', min: m[3] ?? '' })],
];

export function translateApiMessage(t: TFunction, message: string): string {
  for (const [re, make] of KNOWN) {
    const m = message.match(re);
    if (m) return make(t, m);
  }
  return message;
}

/** A sentence a person understands for any failure. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.unexpected');
  if (err.status === 0) return t('errors.network');
  if (err.status === 401) return t('errors.unauthenticated');
  if (err.status === 403) return t('errors.forbidden');
  if (err.status === 404) return t('errors.notFound');
  if (err.status === 409) return t('errors.conflict', { message: err.details[0] ? translateApiMessage(t, err.details[0].message) : err.message });
  if (err.status === 400) {
    if (!err.details.length) return t('errors.validation');
    return err.details.map((d) => `${d.field}: ${translateApiMessage(t, d.message)}`).join('; ');
  }
  return t('errors.server');
}

/**
 * Puts each field error the API named on the form input it belongs to. `fieldMap` renames API
 * fields to form paths (phones.0 -> phones.0.value). Returns the issues no input could show.
 */
export function fieldErrors(
  t: TFunction,
  err: unknown,
  knownFields: readonly string[],
  fieldMap: (field: string) => string = (f) => f,
): { errors: Record<string, string>; rest: string[] } {
  const errors: Record<string, string> = {};
  const rest: string[] = [];
  if (!(err instanceof ApiError) || err.status !== 400 && err.status !== 409) return { errors, rest: [errorMessage(t, err)] };
  for (const d of err.details) {
    const path = fieldMap(d.field);
    const root = path.split('.')[0] ?? path;
    if (knownFields.includes(root)) errors[path] = translateApiMessage(t, d.message);
    else rest.push(`${d.field}: ${translateApiMessage(t, d.message)}`);
  }
  if (!err.details.length) rest.push(errorMessage(t, err));
  return { errors, rest };
}
