import { describe, expect, it } from 'vitest';
import { classifyXyz, coefficientOfVariation, cvFromSums, xyzThresholdsProblem } from './xyz.js';

describe('XYZ by coefficient of variation of monthly revenue', () => {
  it('computes the population CV with months without orders as zero', () => {
    expect(coefficientOfVariation([100, 100, 100])).toBe(0);
    // mean 100, deviations +-50 -> sd 50 -> 0.5
    expect(coefficientOfVariation([50, 150, 50, 150])).toBeCloseTo(0.5, 12);
    // every other month: 200, 0 -> mean 100, sd 100 -> 1
    expect(coefficientOfVariation([200, 0, 200, 0])).toBeCloseTo(1, 12);
    // once a quarter: 300, 0, 0 -> mean 100, var (40000 + 10000 + 10000)/3 -> sd 141.42
    expect(coefficientOfVariation([300, 0, 0])).toBeCloseTo(Math.SQRT2, 12);
  });

  it('treats a client with one order in the period as maximally lumpy, not undefined', () => {
    // one order in 12 months: sd/mean = sqrt(n - 1)
    expect(coefficientOfVariation([1200, ...Array(11).fill(0)])).toBeCloseTo(Math.sqrt(11), 12);
    expect(coefficientOfVariation([500])).toBe(0);
  });

  it('gets the same CV from the sum and the sum of squares, as the SQL aggregates it', () => {
    for (const series of [[50, 150, 50, 150], [300, 0, 0], [1200, ...Array(11).fill(0)], [7.5, 12.25, 0, 3]]) {
      const sum = series.reduce((a, b) => a + b, 0);
      const sq = series.reduce((a, b) => a + b * b, 0);
      expect(cvFromSums(sum, sq, series.length)).toBeCloseTo(coefficientOfVariation(series)!, 10);
    }
    expect(cvFromSums(0, 0, 12)).toBeNull();
    expect(cvFromSums(10, 100, 0)).toBeNull();
  });

  it('has no CV (and no class) for a period without orders', () => {
    expect(coefficientOfVariation([0, 0, 0])).toBeNull();
    expect(coefficientOfVariation([])).toBeNull();
    expect(classifyXyz(null)).toBeNull();
  });

  it('classifies with inclusive upper bounds, defaults X <= 0.5, Y <= 1', () => {
    expect(classifyXyz(0)).toBe('X');
    expect(classifyXyz(0.5)).toBe('X');
    expect(classifyXyz(0.5001)).toBe('Y');
    expect(classifyXyz(1)).toBe('Y');
    expect(classifyXyz(1.01)).toBe('Z');
    expect(classifyXyz(0.2, { x: 0.1, y: 0.25 })).toBe('Y');
  });

  it('rejects thresholds where y is below x', () => {
    expect(xyzThresholdsProblem({ x: 0.5, y: 1 })).toBeNull();
    expect(xyzThresholdsProblem({ x: 0.5, y: 0.4 })).toMatchObject({ field: 'y' });
    expect(xyzThresholdsProblem({ x: -1, y: 1 })).toMatchObject({ field: 'x' });
  });
});
