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

/** Money string to whole kopecks as a plain number: exact while below 2^53 kopecks (90 trillion roubles). */
function kopecks(amount: string): number {
  const negative = amount.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? amount.slice(1) : amount).split('.');
  const v = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return negative ? -v : v;
}

// Products of basis points and kopecks stay exact as plain numbers up to this total.
const SAFE_TOTAL = Math.floor(Number.MAX_SAFE_INTEGER / 10_000);
const below = (before: number, bp: number, total: number) =>
  total <= SAFE_TOTAL ? before * 10_000 < bp * total : BigInt(before) * 10_000n < BigInt(bp) * BigInt(total);

// The class of an item is decided by the cumulative share of everything ranked strictly above it:
// A while that share is below a%, B while below (a+b)%, else C. So the item that crosses the line
// still counts as A, a lone client is A, and tied values always share a class whatever their order.
// Zero and negative values (a loss-making client by margin) contribute nothing and are C.
// Sums are whole kopecks, so the comparison is exact (no floating-point drift at a boundary).
export function classifyAbc(items: readonly AbcItem[], thresholds: AbcThresholds = DEFAULT_ABC): AbcResult[] {
  const minor = items.map((i) => kopecks(i.value));
  const r = rankAbcMinor(Float64Array.from(items, (i) => i.id), minor, thresholds);
  if (!r) return classifyAbcBig(items, thresholds);
  const { total } = r;
  return Array.from(r.order, (k, i) => {
    const m = minor[k] as number;
    const item = items[k] as AbcItem;
    return { id: item.id, value: item.value, rank: i + 1, abc: r.abc[i] as AbcClass, share: total > 0 ? Math.max(m, 0) / total : 0, cumulativeShare: total > 0 ? (r.running[i] as number) / total : 0 };
  });
}

/**
 * The same rule over values already in whole kopecks (each and their positive total below 2^53, else
 * null): `order` lists the indices by value descending then id, `abc` the class of each rank,
 * `running` the positive sum through each rank and `total` the positive sum of all. Ranks 100k
 * clients in milliseconds without a string or an object per client.
 */
export function rankAbcMinor(
  ids: ArrayLike<number>,
  minor: ArrayLike<number>,
  thresholds: AbcThresholds,
): { order: Uint32Array; abc: AbcClass[]; running: Float64Array; total: number } | null {
  let total = 0;
  for (let i = 0; i < minor.length; i++) if ((minor[i] as number) > 0) total += minor[i] as number;
  if (total > Number.MAX_SAFE_INTEGER) return null;
  const order = Uint32Array.from({ length: minor.length }, (_, i) => i).sort(
    (x, y) => (minor[y] as number) - (minor[x] as number) || (ids[x] as number) - (ids[y] as number),
  );
  const aBp = basisPoints(thresholds.a);
  const abBp = basisPoints(thresholds.a + thresholds.b);
  const abc: AbcClass[] = new Array(order.length);
  const running = new Float64Array(order.length);
  let before = 0; // sum of values strictly greater than the current tie group
  let sum = 0;
  for (let i = 0; i < order.length; i++) {
    const m = minor[order[i] as number] as number;
    if (i > 0 && minor[order[i - 1] as number] !== m) before = sum;
    sum += m > 0 ? m : 0;
    running[i] = sum;
    abc[i] = total > 0 && m > 0 ? (below(before, aBp, total) ? 'A' : below(before, abBp, total) ? 'B' : 'C') : 'C';
  }
  return { order, abc, running, total };
}

// The same rule in BigInt, for totals beyond 90 trillion roubles.
function classifyAbcBig(items: readonly AbcItem[], thresholds: AbcThresholds): AbcResult[] {
  const minor = items.map((i) => ({ ...i, m: toMinor(i.value) }));
  minor.sort((x, y) => (x.m === y.m ? x.id - y.id : x.m > y.m ? -1 : 1));
  const positive = (m: bigint) => (m > 0n ? m : 0n);
  const total = minor.reduce((s, i) => s + positive(i.m), 0n);
  const aBp = BigInt(basisPoints(thresholds.a));
  const abBp = BigInt(basisPoints(thresholds.a + thresholds.b));
  const out: AbcResult[] = [];
  let before = 0n;
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
