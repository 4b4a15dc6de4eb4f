import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, lastQuarterEnd, monthsInclusive, shiftDate } from './dates.js';
import { formatMoney, formatMonthRange, formatPercent } from './format.js';

describe('analytics formatting and dates', () => {
  it('writes money with grouped thousands and two decimals', () => {
    expect(formatMoney('12000000')).toBe('12 000 000.00');
    expect(formatMoney('-1234.5')).toBe('-1 234.50');
    expect(formatMoney('999.99')).toBe('999.99');
  });

  it('writes percentages, keeping a digit for tiny shares', () => {
    expect(formatPercent(0.5, 0)).toBe('50%');
    expect(formatPercent(0.0375)).toBe('3.8%');
    expect(formatPercent(0.0004)).toBe('0.04%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('names month ranges within and across years', () => {
    expect(formatMonthRange('2026-08', '2026-10')).toBe('Aug–Oct 2026');
    expect(formatMonthRange('2025-11', '2026-01')).toBe('Nov 2025–Jan 2026');
    expect(formatMonthRange('2026-03', '2026-03')).toBe('Mar 2026');
  });

  it('does calendar arithmetic without time zone drift', () => {
    expect(daysBetween('2026-01-01', '2026-03-02')).toBe(60);
    expect(addMonths('2026-01-15', -3)).toBe('2025-10-01');
    expect(shiftDate('2026-08-31', 6)).toBe('2027-02-28');
    expect(shiftDate('2026-05-15', 6)).toBe('2026-11-15');
    expect(monthsInclusive('2025-12', '2026-11')).toBe(12);
    // the last month of the latest quarter that has fully ended
    expect(lastQuarterEnd('2026-11-22')).toBe('2026-09-01');
    expect(lastQuarterEnd('2026-10-01')).toBe('2026-09-01');
    expect(lastQuarterEnd('2026-09-30')).toBe('2026-06-01');
    expect(lastQuarterEnd('2026-02-10')).toBe('2025-12-01');
  });
});
