import { foldSearchText, layoutVariants } from '../../domain/keyboard-layout.js';
import { normalisePhone } from '../../domain/phone.js';

// What one search box query can mean: an INN, a phone (full or its last digits), an email, or
// a name typed in either keyboard layout. Each meaning becomes one bounded index lookup.
export type TextVariant = { text: string; switched: boolean };
export type SearchPlan = {
  innExact: string | null;
  innPrefix: string | null;
  phoneExact: string | null;
  phoneDigits: string | null;
  email: string | null;
  texts: TextVariant[];
};

const PHONE_LIKE = /^[\d\s()+\-.]+$/;
// An address or a mail domain; "k.lvbkf" (людмила typed in the English layout) is neither.
const EMAIL_LIKE = /@|^[a-z0-9._-]+\.(ru|su|com|net|org|info|biz|pro|io)$/i;
export const MIN_PHONE_DIGITS = 4;
export const MIN_INN_DIGITS = 3;

export function planSearch(raw: string): SearchPlan {
  const q = raw.trim();
  const plan: SearchPlan = { innExact: null, innPrefix: null, phoneExact: null, phoneDigits: null, email: null, texts: [] };
  if (PHONE_LIKE.test(q)) {
    const digits = q.replace(/\D/g, '');
    if (/^\d+$/.test(q) && digits.length >= MIN_INN_DIGITS && digits.length <= 12) {
      plan.innPrefix = digits;
      if (digits.length === 10 || digits.length === 12) plan.innExact = digits;
    }
    if (digits.length >= 10) plan.phoneExact = normalisePhone(q);
    // E.164 keeps at most 10 national digits for Russia; "8 912 ..." ends the same way as "+7 912 ...".
    if (digits.length >= MIN_PHONE_DIGITS) plan.phoneDigits = digits.slice(-10);
    return plan;
  }
  if (EMAIL_LIKE.test(q)) {
    plan.email = q.toLowerCase();
    return plan;
  }
  const seen = new Set<string>();
  for (const variant of layoutVariants(q)) {
    const text = foldSearchText(variant.text);
    if (text.length < 2 || seen.has(text)) continue;
    seen.add(text);
    plan.texts.push({ text, switched: variant.switched });
  }
  return plan;
}

/**
 * The least string above every string that starts with `prefix` in code point order (COLLATE "C"):
 * the prefix with its last character raised by one. A prefix ending in the highest code point has no
 * such bound within its length, so the bound drops that character (still above every match).
 */
export function prefixUpperBound(prefix: string): string {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = (chars.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) {
      // UTF-16 surrogates are not characters; the next one after them is U+E000
      const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1;
      return chars.join('') + String.fromCodePoint(next);
    }
  }
  return '\u{10FFFF}';
}
