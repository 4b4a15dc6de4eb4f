import { toMinor } from '../money.js';

/** What one successor takes over: clients and their revenue over the last 12 months. */
export type Load = { successorId: number; clients: number; revenue: string };
export type Spread<T> = { min: T; max: T; withinTolerance: boolean };
export type Balance = { tolerancePct: number; count: Spread<number>; revenue: Spread<string> };

// "Within 15% of each other": the largest is at most 15% above the smallest. Counts may always
// differ by one (3 clients between 2 people cannot split evenly).
export function measureBalance(loads: readonly Load[], tol: number): Balance {
  const tolerancePct = Math.round(tol * 10000) / 100;
  if (!loads.length) return { tolerancePct, count: { min: 0, max: 0, withinTolerance: true }, revenue: { min: '0.00', max: '0.00', withinTolerance: true } };
  const counts = loads.map((l) => l.clients);
  const minCount = Math.min(...counts);
  const maxCount = Math.max(...counts);
  const revs = loads.map((l) => ({ s: l.revenue, m: toMinor(l.revenue) }));
  const minRev = revs.reduce((a, b) => (b.m < a.m ? b : a));
  const maxRev = revs.reduce((a, b) => (b.m > a.m ? b : a));
  return {
    tolerancePct,
    count: { min: minCount, max: maxCount, withinTolerance: maxCount - minCount <= Math.max(1, Math.floor(maxCount * tol)) },
    revenue: { min: minRev.s, max: maxRev.s, withinTolerance: Number(maxRev.m) <= Number(minRev.m) * (1 + tol) },
  };
}
