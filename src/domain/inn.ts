// Russian taxpayer number (ИНН): 10 digits for organisations, 12 for sole traders, with check digits.
const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12_1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12_2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  return (sum % 11) % 10;
}

export type InnCheck = { ok: true } | { ok: false; reason: string };

export function checkInn(inn: string): InnCheck {
  if (!/^(\d{10}|\d{12})$/.test(inn)) return { ok: false, reason: 'INN must be 10 or 12 digits' };
  const d = [...inn].map(Number);
  if (d.length === 10) {
    return checkDigit(d, W10) === d[9] ? { ok: true } : { ok: false, reason: 'INN check digit is wrong' };
  }
  const ok = checkDigit(d, W12_1) === d[10] && checkDigit(d, W12_2) === d[11];
  return ok ? { ok: true } : { ok: false, reason: 'INN check digits are wrong' };
}

/** Completes a 9- or 10-digit body with valid check digits (demo data and tests). */
export function innWithCheckDigits(body: string): string {
  const d = [...body].map(Number);
  if (d.length === 9) return body + checkDigit(d, W10);
  if (d.length === 10) {
    const c1 = checkDigit(d, W12_1);
    return body + c1 + checkDigit([...d, c1], W12_2);
  }
  throw new Error('INN body must be 9 (organisation) or 10 (sole trader) digits');
}
