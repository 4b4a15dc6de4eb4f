// Text typed with the wrong keyboard layout (ЙЦУКЕН vs QWERTY on the same keys) and the ё/е
// spelling variants, folded so that search finds "Промторг" from "ghjvnjhu" or "промторг".
const EN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>";
const RU = 'ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ';

const EN_TO_RU = new Map([...EN].map((c, i) => [c, RU[i] as string]));
const RU_TO_EN = new Map([...RU].map((c, i) => [c, EN[i] as string]));

const mapChars = (text: string, table: Map<string, string>) => [...text].map((c) => table.get(c) ?? c).join('');

/** What the same keystrokes give in the Russian layout: "ghjvnjhu" -> "промторг". */
export const enToRu = (text: string) =>
  [...text]
    .map((c, i) => {
      // "." ends an initial far more often than it means "ю" ("bdfyjdf f. f." is "иванова а. а."),
      // and "/" is where the Russian layout keeps the full stop.
      if (c === '/' || (c === '.' && (i === text.length - 1 || /\s/.test(text[i + 1] ?? '')))) return '.';
      return EN_TO_RU.get(c) ?? c;
    })
    .join('');

/** What the same keystrokes give in the English layout: "еуслтщ" -> "techno". */
export const ruToEn = (text: string) => mapChars(text, RU_TO_EN);

export const foldYo = (text: string) => text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');

const LATIN = /[a-z]/i;
const CYRILLIC = /[а-яё]/i;

/** The query as typed, then as if typed in the other layout (only when that reads differently). */
export function layoutVariants(text: string): { text: string; switched: boolean }[] {
  const variants = [{ text, switched: false }];
  const alt = LATIN.test(text) && !CYRILLIC.test(text) ? enToRu(text) : CYRILLIC.test(text) && !LATIN.test(text) ? ruToEn(text) : null;
  if (alt && alt !== text) variants.push({ text: alt, switched: true });
  return variants;
}

const LEGAL_FORMS = [
  'общество с ограниченной ответственностью',
  'публичное акционерное общество',
  'закрытое акционерное общество',
  'открытое акционерное общество',
  'непубличное акционерное общество',
  'акционерное общество',
  'индивидуальный предприниматель',
  'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'llc', 'ltd', 'inc',
];
const LEGAL_FORM_RE = new RegExp(` (${LEGAL_FORMS.join('|')})(?= )`, 'g');

// The same folding as the SQL function hf_search_fold (migrations/2026-11-22T2300_search.ts),
// which fills the stored search columns; a test keeps the two in step.
export function foldSearchText(text: string): string {
  const spaced = ` ${foldYo(text.toLowerCase()).replace(/[^0-9a-zа-я]+/g, ' ')} `;
  return spaced.replace(LEGAL_FORM_RE, '').replace(/ +/g, ' ').trim();
}
