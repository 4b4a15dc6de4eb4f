import { describe, expect, it } from 'vitest';
import { dependencyOf, isThinlyCovered } from './coverage.js';

describe('coverage and walk-away revenue', () => {
  it('sums the revenue of clients one person knows, per person and as a company-wide share', () => {
    const d = dependencyOf([
      { companyId: 1, revenue: '100.00', knowers: [1] },
      { companyId: 2, revenue: '50.00', knowers: [1, 2] },
      { companyId: 3, revenue: '30.00', knowers: [2, 2] }, // the same person twice is one person
      { companyId: 4, revenue: '20.00', knowers: [] },
      { companyId: 5, revenue: '0.01', knowers: [1] },
    ]);
    expect(d.total).toBe('200.01');
    expect(d.singlePersonRevenue).toBe('130.01');
    expect(d.nobodyRevenue).toBe('20.00');
    expect(d.singlePersonShare).toBeCloseTo(13001 / 20001, 12);
    expect(Object.fromEntries(d.walkAway)).toEqual({ 1: '100.01', 2: '30.00' });
  });

  it('has no share without revenue', () => {
    expect(dependencyOf([{ companyId: 1, revenue: '0', knowers: [1] }]).singlePersonShare).toBeNull();
    expect(dependencyOf([]).singlePersonShare).toBeNull();
  });

  it('flags clients known by fewer than two people', () => {
    expect([0, 1, 2, 3].map((n) => isThinlyCovered(n))).toEqual([true, true, false, false]);
    expect(isThinlyCovered(2, 3)).toBe(true);
  });
});
