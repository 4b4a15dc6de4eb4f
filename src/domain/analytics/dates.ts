// Calendar arithmetic on 'YYYY-MM-DD' strings in UTC, so no time zone shifts a day.
const DAY_MS = 86_400_000;

const parse = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day);
};
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string) => Math.round((parse(to) - parse(from)) / DAY_MS);
export const addDays = (d: string, days: number) => iso(parse(d) + days * DAY_MS);

/** The first day of the month `months` after the month of `d` (negative goes back). */
export function addMonths(d: string, months: number): string {
  const [y, m] = d.split('-').map(Number) as [number, number];
  return iso(Date.UTC(y, m - 1 + months, 1));
}

/** The same day `months` later, clamped to the month's end (2026-08-31 + 6 months = 2027-02-28). */
export function shiftDate(d: string, months: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return iso(Date.UTC(y, m - 1 + months, Math.min(day, last)));
}

export const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
export const monthKey = (d: string) => d.slice(0, 7);

/** Whole months from `from` to `to` inclusive ('YYYY-MM' or dates). */
export const monthsInclusive = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
};

/** A quarter as one integer (year * 4 + quarter - 1) from any date in it, 'YYYY-MM-DD' (the class history's quarters). */
export const quarterIndex = (d: string) => {
  const [y, m] = d.split('-').map(Number) as [number, number];
  return y * 4 + Math.floor((m - 1) / 3);
};

/** The last month of the latest calendar quarter that has fully ended before `today`'s quarter. */
export function lastQuarterEnd(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const end = Math.floor((m - 1) / 3) * 3; // 0 means December of the year before
  return end === 0 ? `${y - 1}-12-01` : `${y}-${String(end).padStart(2, '0')}-01`;
}
