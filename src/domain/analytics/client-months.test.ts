import { describe, expect, it } from 'vitest';
import { byCompanyAndMonth, monthFirstDay, monthNumber, monthOfDay, runningTotals } from './client-months.js';

describe('client-months', () => {
  it('numbers months and turns a number back into the first day of its month', () => {
    expect(monthNumber(2025, 1)).toBe(2025 * 12);
    expect(monthFirstDay(monthNumber(2025, 1))).toBe(20_089); // 2025-01-01
    expect(monthFirstDay(monthNumber(2024, 12))).toBe(20_058); // 2024-12-01
    expect(monthFirstDay(monthNumber(1969, 12))).toBe(-31);
    expect(monthOfDay(20_089 + 30)).toBe(monthNumber(2025, 1));
    expect(monthOfDay(20_089 - 1)).toBe(monthNumber(2024, 12));
    expect(monthOfDay(-1)).toBe(monthNumber(1969, 12));
  });

  it('orders rows by client then month, keeping an ordered input as it is', () => {
    const company = Int32Array.from([2, 1, 2, 1]);
    const month = Int32Array.from([5, 7, 3, 2]);
    expect([...byCompanyAndMonth({ company, month })]).toEqual([3, 1, 2, 0]);
    expect([...byCompanyAndMonth({ company: Int32Array.from([1, 1, 2]), month: Int32Array.from([1, 2, 1]) })]).toEqual([0, 1, 2]);
    expect(() => byCompanyAndMonth({ company: Int32Array.from([1, 2, 1]), month: Int32Array.from([4, 4, 4]) })).toThrow(/client 1 has two rows/);
    // ids too far apart for a counting sort: the comparison sort gives the same order
    const wide = { company: Int32Array.from([2_000_000_000, 1, 2_000_000_000, 1]), month: Int32Array.from([5, 7, 3, 2]) };
    expect([...byCompanyAndMonth(wide)]).toEqual([3, 1, 2, 0]);
    expect(() => byCompanyAndMonth({ company: Int32Array.from([9, 2_000_000_000, 9]), month: Int32Array.from([4, 4, 4]) })).toThrow(/client 9 has two rows/);
  });

  it('keeps running totals per client in month order, restarting at each client', () => {
    const t = runningTotals({
      company: Int32Array.from([7, 3, 7, 3]),
      month: Int32Array.from([monthNumber(2025, 2), monthNumber(2025, 1), monthNumber(2025, 1), monthNumber(2025, 3)]),
      kopecks: Float64Array.from([10050, 20000, 150, 30000]),
      margin: Float64Array.from([-500, 1000, 50, 2000]),
    });
    expect([...t.company]).toEqual([3, 7]);
    expect([...t.from]).toEqual([0, 2, 4]);
    expect([...t.month]).toEqual([monthNumber(2025, 1), monthNumber(2025, 3), monthNumber(2025, 1), monthNumber(2025, 2)]);
    expect([...t.kopecks]).toEqual([20000, 50000, 150, 10200]);
    expect([...t.margin]).toEqual([1000, 3000, 50, -450]);
    // squared roubles: 200^2, + 300^2; 1.5^2, + 100.5^2
    expect([...t.squares]).toEqual([40000, 130000, 2.25, 2.25 + 100.5 * 100.5]);
    expect(() => runningTotals({ company: Int32Array.from([1]), month: Int32Array.from([1]), kopecks: Float64Array.from([1]) })).toThrow(/margin/);
  });
});
