import { describe, expect, it } from 'vitest';
import { assessChurn, type ChurnInput, churnWindows, expectedIntervalDays, isFlagged, scoreChurn, trend } from './churn.js';

const base: ChurnInput = {
  asOf: '2026-05-01',
  orders: 3,
  firstOrderOn: '2026-01-01',
  lastOrderOn: '2026-03-02',
  revenueRecent: '100.00',
  revenueYearAgo: '0',
  ordersRecent: 3,
  ordersYearAgo: 0,
  categoriesRecent: 2,
  categoriesYearAgo: 0,
};

describe('churn early warning', () => {
  it('derives the windows from the as-of date: complete months only', () => {
    expect(churnWindows('2026-11-22')).toEqual({
      asOf: '2026-11-22',
      currentMonth: '2026-11-01',
      revenueRecent: ['2026-08-01', '2026-10-01'],
      revenueYearAgo: ['2025-08-01', '2025-10-01'],
      activityRecent: ['2026-05-01', '2026-10-01'],
      activityYearAgo: ['2025-05-01', '2025-10-01'],
      activeSince: '2025-11-22',
    });
  });

  it('takes the usual interval as the mean gap between orders, none for a single order', () => {
    expect(expectedIntervalDays(3, '2026-01-01', '2026-03-02')).toBe(30);
    expect(expectedIntervalDays(1, '2026-01-01', '2026-01-01')).toBeNull();
    expect(trend(40, 100)).toBeCloseTo(-0.6, 12);
    expect(trend(5, 0)).toBeNull();
  });

  it('scores a steady client zero and says so', () => {
    const a = assessChurn({
      ...base,
      asOf: '2026-11-22',
      orders: 24,
      firstOrderOn: '2024-11-20',
      lastOrderOn: '2026-11-10',
      revenueRecent: '300.00',
      revenueYearAgo: '300.00',
      ordersRecent: 6,
      ordersYearAgo: 6,
      categoriesRecent: 3,
      categoriesYearAgo: 3,
    });
    expect(a).toMatchObject({ score: 0, pattern: 'steady', daysSinceLastOrder: 12, expectedIntervalDays: 31.3, revenueTrend: 0 });
    expect(a.reasons).toEqual([{ code: 'steady', points: 0, text: 'Orders as usual: last order 12 days ago, usual interval 31 days.', params: { days: 12 } }]);
  });

  it('flags a lapsed client at twice its usual interval, with the numbers in words', () => {
    // 2024-11-20 .. 2026-11-10 is 720 days over 23 gaps = 31.3
    // interval 30 days, 60 days silent -> ratio 2 -> 35 * (2 - 1) / 2 = 17.5 points
    const a = assessChurn(base);
    expect(a).toMatchObject({ score: 18, pattern: 'lapsed', overdueRatio: 2, daysSinceLastOrder: 60 });
    expect(a.reasons[0]).toMatchObject({ code: 'overdue', points: 18, text: 'No order for 60 days, 2 times its usual interval of 30 days.' });
    expect(a.reasons.map((r) => r.code)).toEqual(['overdue', 'no_baseline']);
    // at three intervals the overdue signal is at its full 35 points
    expect(assessChurn({ ...base, asOf: '2026-05-31' }).score).toBe(35);
  });

  it('flags a quietly fading client while it still orders on rhythm', () => {
    // revenue -60% -> 35; orders 4 vs 6 (-33%) -> 20 * (0.333 - 0.1) / 0.5 = 9.3; categories 2 of 4 lost -> 10
    const a = assessChurn({
      asOf: '2026-11-22',
      orders: 30,
      firstOrderOn: '2024-06-01',
      lastOrderOn: '2026-11-02',
      revenueRecent: '400.00',
      revenueYearAgo: '1000.00',
      ordersRecent: 4,
      ordersYearAgo: 6,
      categoriesRecent: 2,
      categoriesYearAgo: 4,
    });
    expect(a.pattern).toBe('fading');
    expect(a.score).toBe(54);
    expect(a.daysSinceLastOrder).toBe(20);
    expect(a.reasons.map((r) => [r.code, r.points])).toEqual([
      ['revenue_down', 35],
      ['basket_narrower', 10],
      ['orders_down', 9],
    ]);
    expect(a.reasons[0]?.text).toBe('Revenue for Aug–Oct 2026 is 60% below the same months a year earlier (400.00 against 1 000.00).');
    expect(a.reasons[1]?.text).toBe('Buys 2 product categories now against 4 a year earlier.');
    expect(a.reasons[2]?.text).toBe('4 orders in the last 6 months against 6 in the same months a year earlier.');
  });

  it('explains a client with one order instead of inventing an interval', () => {
    const a = assessChurn({ ...base, orders: 1, firstOrderOn: '2026-03-02', revenueYearAgo: '0', ordersRecent: 1 });
    expect(a.expectedIntervalDays).toBeNull();
    expect(a.overdueRatio).toBeNull();
    expect(a.score).toBe(0);
    expect(a.pattern).toBe('new');
    expect(a.reasons[0]?.code).toBe('single_order');
    expect(a.reasons[0]?.text).toBe('Only one order so far (60 days ago), so there is no usual interval to compare with yet.');
  });

  it('uses at least a week as the usual interval when two orders came the same day', () => {
    const a = assessChurn({ ...base, orders: 2, firstOrderOn: '2026-03-02', lastOrderOn: '2026-03-02', asOf: '2026-03-23' });
    // 21 days / 7 = 3 intervals -> full overdue points
    expect(a.overdueRatio).toBe(3);
    expect(a.reasons[0]).toMatchObject({ code: 'overdue', points: 35 });
  });

  it('does not score growth, and caps revenue that vanished completely at the full points', () => {
    const growing = assessChurn({ ...base, asOf: '2026-03-10', revenueRecent: '500', revenueYearAgo: '100', ordersRecent: 9, ordersYearAgo: 5 });
    expect(growing.score).toBe(0);
    const gone = assessChurn({ ...base, revenueRecent: '0', revenueYearAgo: '100', ordersRecent: 0, ordersYearAgo: 6 });
    expect(gone.reasons.find((r) => r.code === 'revenue_down')?.points).toBe(35);
    expect(gone.reasons.find((r) => r.code === 'orders_down')?.points).toBe(20);
    expect(gone.score).toBe(73);
    expect(gone.reasons.find((r) => r.code === 'orders_down')?.text).toBe('0 orders in the last 6 months against 6 in the same months a year earlier.');
  });

  it('flags lapsed and fading clients whatever their score, others from the flag score up', () => {
    expect(isFlagged({ score: 18, pattern: 'lapsed' })).toBe(true);
    expect(isFlagged({ score: 20, pattern: 'fading' })).toBe(true);
    expect(isFlagged({ score: 39, pattern: 'steady' })).toBe(false);
    expect(isFlagged({ score: 40, pattern: 'steady' })).toBe(true);
    expect(isFlagged({ score: 40, pattern: 'new' }, 60)).toBe(false);
  });

  it('does not read a trend into a handful of orders: only the gap counts then', () => {
    // 1 order against 3 a year earlier, revenue -100%: noise for a client that orders every two months
    const a = assessChurn({ ...base, asOf: '2026-03-20', revenueRecent: '0', revenueYearAgo: '900', ordersRecent: 1, ordersYearAgo: 3, categoriesRecent: 1, categoriesYearAgo: 3 });
    expect(a.score).toBe(0);
    expect(a.pattern).toBe('steady');
    expect(a.reasons.map((r) => r.code)).toEqual(['thin_baseline']);
    expect(a.reasons[0]?.text).toBe('Only 3 orders in the same 6 months a year earlier, too few to judge a trend.');
    // the same drop with 5 orders a year earlier is scored
    expect(assessChurn({ ...base, asOf: '2026-03-20', revenueRecent: '0', revenueYearAgo: '900', ordersRecent: 1, ordersYearAgo: 5 }).score).toBe(55);
  });

  it('scores without the sentences exactly as with them', () => {
    const inputs: ChurnInput[] = [
      base,
      { ...base, asOf: '2026-05-31' },
      { ...base, orders: 1, firstOrderOn: '2026-03-02' },
      { ...base, asOf: '2026-03-20', revenueRecent: '0', revenueYearAgo: '900', ordersRecent: 1, ordersYearAgo: 5, categoriesYearAgo: 4, categoriesRecent: 1 },
    ];
    for (const i of inputs) {
      const a = assessChurn(i);
      expect(scoreChurn(i)).toEqual({ score: a.score, pattern: a.pattern });
    }
  });
});
