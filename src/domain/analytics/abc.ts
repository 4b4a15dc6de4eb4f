import { toMinor } from '../money.js';

export type AbcClass = 'A' | 'B' | 'C';
/** Percent of the cumulative share each class covers; they add up to 100. */
export type AbcThresholds = { a: number; b: number; c: number };
export const DEFAULT_ABC: AbcThresholds = { a: 80, b: 15, c: 5 };

export type AbcItem = { id: number; value: string };
export type AbcResult = { id: number; value: string; rank: number; abc: AbcClass; share: number; cumulativeShare: number };

/** The problem with the thresholds, or null when they are usable. */
export function abcThresholdsProblem(t: AbcThresholds): { field: keyof AbcThresholds; message: string } | null {
  if (!(t.a > 0)) return { field: 'a', message: 'must be above 0' };
  if (t.b < 0) return { field: 'b', message: 'must not be negative' };
  if (t.c < 0) return { field: 'c', message: 'must not be negative' };
  if (Math.abs(t.a + t.b + t.c - 100) > 1e-9) return { field: 'c', message: `a + b + c must be 100, not ${t.a + t.b + t.c}` };
  return null;
}

/** Thresholds as whole basis points, so the comparison is exact integer arithmetic (here and in SQL). */
export const basisPoints = (percent: number) => Math.round(percent * 100);

// The class of an item is decided by the cumulative share of everything ranked strictly above it:
// A while that share is below a%, B while below (a+b)%, else C. So the item that crosses the line
// still counts as A, a lone client is A, and tied values always share a class whatever their order.
// Zero and negative values (a loss-making client by margin) contribute nothing and are C.
export function classifyAbc(items: readonly AbcItem[], thresholds: AbcThresholds = DEFAULT_ABC): AbcResult[] {
  const minor = items.map((i) => ({ ...i, m: toMinor(i.value) }));
  minor.sort((x, y) => (x.m === y.m ? x.id - y.id : x.m > y.m ? -1 : 1));
  const positive = (m: bigint) => (m > 0n ? m : 0n);
  const total = minor.reduce((s, i) => s + positive(i.m), 0n);
  const aBp = BigInt(basisPoints(thresholds.a));
  const abBp = BigInt(basisPoints(thresholds.a + thresholds.b));
  const out: AbcResult[] = [];
  let before = 0n; // sum of values strictly greater than the current tie group
  let running = 0n;
  for (let i = 0; i < minor.length; i++) {
    const item = minor[i] as (typeof minor)[number];
    const prev = minor[i - 1];
    if (prev && prev.m !== item.m) before = running;
    running += positive(item.m);
    let abc: AbcClass = 'C';
    if (total > 0n && item.m > 0n) abc = before * 10000n < aBp * total ? 'A' : before * 10000n < abBp * total ? 'B' : 'C';
    out.push({
      id: item.id,
      value: item.value,
      rank: i + 1,
      abc,
      share: total > 0n ? Number(positive(item.m)) / Number(total) : 0,
      cumulativeShare: total > 0n ? Number(running) / Number(total) : 0,
    });
  }
  return out;
}
