export type XyzClass = 'X' | 'Y' | 'Z';
/** Upper bounds of the coefficient of variation for X and Y; above y is Z. */
export type XyzThresholds = { x: number; y: number };
// Monthly revenue of a B2B client is lumpy: the retail textbook 10%/25% would put nearly every
// client in Z. A client ordering every month within +-40% stays X; every other month is CV 1 (Y).
export const DEFAULT_XYZ: XyzThresholds = { x: 0.5, y: 1 };

/**
 * Population standard deviation over the mean of the monthly values, months without orders
 * counted as zero. Null when there is nothing to vary around (no revenue in the period).
 */
export function coefficientOfVariation(monthly: readonly number[]): number | null {
  const n = monthly.length;
  if (n === 0) return null;
  const mean = monthly.reduce((s, v) => s + v, 0) / n;
  if (!(mean > 0)) return null;
  const variance = monthly.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return Math.sqrt(variance) / mean;
}

/** The same CV from aggregates: the sum and the sum of squares of n monthly values (zeros included). */
export function cvFromSums(sum: number, sumSquares: number, n: number): number | null {
  if (n <= 0) return null;
  const mean = sum / n;
  if (!(mean > 0)) return null;
  return Math.sqrt(Math.max(sumSquares / n - mean * mean, 0)) / mean;
}

export function classifyXyz(cv: number | null, t: XyzThresholds = DEFAULT_XYZ): XyzClass | null {
  if (cv === null) return null;
  return cv <= t.x ? 'X' : cv <= t.y ? 'Y' : 'Z';
}

export function xyzThresholdsProblem(t: XyzThresholds): { field: keyof XyzThresholds; message: string } | null {
  if (!(t.x >= 0)) return { field: 'x', message: 'must not be negative' };
  if (!(t.y >= t.x)) return { field: 'y', message: 'must be at least x' };
  return null;
}
