// Numbers as they read in a sentence: "12 000 000.00", "3.8%", "Aug–Oct 2026".
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatMoney(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', frac = ''] = amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${negative ? '-' : ''}${grouped}.${(frac + '00').slice(0, 2)}`;
}

export function formatPercent(fraction: number, digits = 1): string {
  const p = fraction * 100;
  // 0.04% reads as "0.04%", not "0.0%": keep one significant digit for tiny shares.
  const d = p !== 0 && Math.abs(p) < 0.1 ? 2 : digits;
  return `${p.toFixed(d).replace(/\.0+$/, '')}%`;
}

/** "2026-08" .. "2026-10" -> "Aug–Oct 2026"; across years "Nov 2025–Jan 2026". */
export function formatMonthRange(from: string, to: string): string {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const f = MONTHS[fm - 1];
  const t = MONTHS[tm - 1];
  if (from === to) return `${t} ${ty}`;
  return fy === ty ? `${f}–${t} ${ty}` : `${f} ${fy}–${t} ${ty}`;
}
