import { abcCutoffs, type AbcClass } from './abc.js';
import { byCompanyAndMonth, type ClientMonths } from './client-months.js';
import { cvFromSums, type XyzClass, type XyzThresholds } from './xyz.js';

// The class history: ABC by revenue and XYZ of every client over the 12 months ending at each
// calendar quarter end, keeping the periods where a client's class first appears, changes, or comes
// back after a gap. Columns of typed arrays in and out: a full rebuild walks ~1M periods at 100k clients.

/** Quarters are whole numbers: year * 4 + quarter - 1, from month numbers (client-months.ts). */
export const quarterOfMonth = (month: number) => Math.floor(month / 3);

/** One row per kept period. Letters as codes: ABC_LETTERS[abc], XYZ_LETTERS[xyz] (0 is none). */
export type ClassHistoryRows = {
  length: number;
  company: Int32Array;
  /** the quarter the period ends with (quarterOfMonth) */
  quarter: Int32Array;
  /** the period's revenue in whole kopecks */
  kopecks: Float64Array;
  /** NaN where there is no CV (no revenue in the period) */
  cv: Float64Array;
  abc: Uint8Array;
  xyz: Uint8Array;
  /** NO_CLASS where there is no period before it */
  previousAbc: Uint8Array;
  previousXyz: Uint8Array;
};
export const ABC_LETTERS: readonly AbcClass[] = ['A', 'B', 'C'];
export const XYZ_LETTERS: readonly (XyzClass | null)[] = [null, 'X', 'Y', 'Z'];
export const NO_CLASS = 255;

export type ClassHistoryOptions = {
  /** the last quarter (quarterOfMonth) to classify; later months are ignored */
  lastQuarter: number;
  /** ABC thresholds in whole basis points of the cumulative share: A below aBp, A or B below abBp */
  aBp: number;
  abBp: number;
  xyz: XyzThresholds;
};

const xyzCode = (cv: number, t: XyzThresholds) => (Number.isNaN(cv) ? 0 : cv <= t.x ? 1 : cv <= t.y ? 2 : 3);

/**
 * The class history from monthly revenue. A period's 12 months are its quarter and the three
 * before it; a client has a period at every quarter end whose 12 months hold a sale, and the period
 * before it is its previous such quarter end. Revenue is summed in whole kopecks and the sum of
 * squares in roubles, both as doubles in month order, then per period the quarter's own sums first
 * and the three quarters before it after: the same operations in the same order as the SQL statement
 * this replaced (history.repository.ts before commit 7a49d59), whose rows it reproduced to the last bit.
 */
export function classHistory(input: ClientMonths, o: ClassHistoryOptions): ClassHistoryRows {
  const order = byCompanyAndMonth(input);
  const lastMonth = o.lastQuarter * 3 + 2;

  // quarters with sales per client, in order: kopecks and the sum of squared monthly roubles
  const n = order.length;
  const qCompany = new Int32Array(n);
  const qQuarter = new Int32Array(n);
  const qK = new Float64Array(n);
  const qSq = new Float64Array(n);
  let quarters = -1;
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const month = input.month[i] as number;
    if (month > lastMonth) continue;
    const company = input.company[i] as number;
    const quarter = quarterOfMonth(month);
    const k = input.kopecks[i] as number;
    const roubles = k / 100;
    if (quarters < 0 || qCompany[quarters] !== company || qQuarter[quarters] !== quarter) {
      quarters++;
      qCompany[quarters] = company;
      qQuarter[quarters] = quarter;
      qK[quarters] = 0;
      qSq[quarters] = 0;
    }
    qK[quarters] = (qK[quarters] as number) + k;
    qSq[quarters] = (qSq[quarters] as number) + roubles * roubles;
  }
  quarters++;

  // periods: each quarter with sales and up to three after it, until the client's next quarter with sales
  const cap = quarters * 4;
  const pCompany = new Int32Array(cap);
  const pQuarter = new Int32Array(cap);
  const pK = new Float64Array(cap);
  const pCv = new Float64Array(cap);
  const pPrevious = new Int32Array(cap);
  let periods = 0;
  for (let i = 0; i < quarters; i++) {
    const company = qCompany[i] as number;
    const q = qQuarter[i] as number;
    const first = i === 0 || qCompany[i - 1] !== company;
    const next = i + 1 < quarters && qCompany[i + 1] === company ? (qQuarter[i + 1] as number) : Infinity;
    for (let p = q; p <= q + 3 && p < next && p <= o.lastQuarter; p++) {
      let k = qK[i] as number;
      let sq = qSq[i] as number;
      for (let j = 1; j <= 3; j++) {
        const at = i - j;
        const inside = at >= 0 && qCompany[at] === company && (qQuarter[at] as number) >= p - 3;
        k += inside ? (qK[at] as number) : 0;
        sq += inside ? (qSq[at] as number) : 0;
      }
      pCompany[periods] = company;
      pQuarter[periods] = p;
      pK[periods] = k;
      pCv[periods] = cvFromSums(k, sq * 10000, 12) ?? NaN;
      pPrevious[periods] = p === q && first ? -1 : periods - 1;
      periods++;
    }
  }

  // each period's A and B cutoffs: a class depends only on the value within its period
  const cutoffs = periodCutoffs(pQuarter, pK, periods, o);
  const abcOf = (at: number) => {
    const c = cutoffs.get(pQuarter[at] as number) as { aFrom: number; bFrom: number };
    const k = pK[at] as number;
    return k >= c.aFrom ? 0 : k >= c.bFrom ? 1 : 2;
  };

  const out: ClassHistoryRows = {
    length: 0,
    company: new Int32Array(periods),
    quarter: new Int32Array(periods),
    kopecks: new Float64Array(periods),
    cv: new Float64Array(periods),
    abc: new Uint8Array(periods),
    xyz: new Uint8Array(periods),
    previousAbc: new Uint8Array(periods),
    previousXyz: new Uint8Array(periods),
  };
  let previousAbc = NO_CLASS;
  let previousXyz = NO_CLASS;
  for (let at = 0; at < periods; at++) {
    const abc = abcOf(at);
    const xyz = xyzCode(pCv[at] as number, o.xyz);
    const before = pPrevious[at] as number;
    const [pa, px] = before < 0 ? [NO_CLASS, NO_CLASS] : [previousAbc, previousXyz];
    const p = pQuarter[at] as number;
    if (before < 0 || pQuarter[before] !== p - 1 || pa !== abc || px !== xyz) {
      const r = out.length++;
      out.company[r] = pCompany[at] as number;
      out.quarter[r] = p;
      out.kopecks[r] = pK[at] as number;
      out.cv[r] = pCv[at] as number;
      out.abc[r] = abc;
      out.xyz[r] = xyz;
      out.previousAbc[r] = pa;
      out.previousXyz[r] = px;
    }
    previousAbc = abc;
    previousXyz = xyz;
  }
  return out;
}

/** Per period (quarter): the smallest value classed A and the smallest classed A or B (abcCutoffs). */
function periodCutoffs(quarter: Int32Array, k: Float64Array, length: number, o: ClassHistoryOptions) {
  const counts = new Map<number, number>();
  for (let i = 0; i < length; i++) counts.set(quarter[i] as number, (counts.get(quarter[i] as number) ?? 0) + 1);
  const start = new Map<number, number>();
  let at = 0;
  for (const [q, c] of counts) {
    start.set(q, at);
    at += c;
  }
  const values = new Float64Array(length);
  const fill = new Map(start);
  for (let i = 0; i < length; i++) {
    const q = quarter[i] as number;
    const to = fill.get(q) as number;
    values[to] = k[i] as number;
    fill.set(q, to + 1);
  }
  const cutoffs = new Map<number, { aFrom: number; bFrom: number }>();
  for (const [q, from] of start) cutoffs.set(q, abcCutoffs(values.subarray(from, from + (counts.get(q) as number)), o.aBp, o.abBp));
  return cutoffs;
}
