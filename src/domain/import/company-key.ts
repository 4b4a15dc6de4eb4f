// "ООО «Ромашка-Трейд»" and "Ромашка Трейд, ООО" are the same client. The same folding runs in
// SQL as hf_company_key() (migrations/2026-11-22T2320_imports.ts); keep the two in step.
const LEGAL_FORMS = [
  'общество с ограниченной ответственностью',
  'публичное акционерное общество',
  'закрытое акционерное общество',
  'открытое акционерное общество',
  'непубличное акционерное общество',
  'акционерное общество',
  'индивидуальный предприниматель',
  'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'llc', 'ltd', 'inc', 'gmbh',
];
const FORMS = new RegExp(` (${LEGAL_FORMS.join('|')})(?= )`, 'g');

export function companyNameKey(name: string): string | null {
  const folded = ` ${name.toLowerCase().replaceAll('ё', 'е').replace(/[^0-9a-zа-я]+/g, ' ')} `;
  const key = folded.replace(FORMS, ' ').replace(/ +/g, ' ').trim();
  return key || null;
}
