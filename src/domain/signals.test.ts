import { describe, expect, it } from 'vitest';
import { addDays, baseline, dateIn, scoreEmployeeDay, scoreInteractionDrop, scoreSpike, summarise } from './signals.js';

const days = (n: number, value: number | ((i: number) => number)) => Array.from({ length: n }, (_, i) => (typeof value === 'number' ? value : value(i)));

describe('baseline', () => {
  it('is the mean and population deviation of the daily values', () => {
    expect(baseline([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2, days: 8 });
    expect(baseline([])).toEqual({ mean: 0, std: 0, days: 0 });
  });
});

describe('scoreSpike', () => {
  it('words the evidence as what, how much, and versus normal', () => {
    const history = days(30, (i) => (i % 2 ? 400 : 560)); // mean 480
    const s = scoreSpike('export_rows', 5000, history);
    expect(s).toMatchObject({ metric: 'export_rows', value: 5000, usual: 480, ratio: 10.4, unit: 'day' });
    expect(s?.text).toBe('exported 5,000 rows vs usual 480/day (10.4x)');
  });

  it('stays quiet on a normal day and on a busy but ordinary one', () => {
    const history = days(30, (i) => 300 + (i % 5) * 50); // 300..500, mean 400
    expect(scoreSpike('export_rows', 450, history)).toBeNull();
    expect(scoreSpike('export_rows', 1000, history)).toBeNull(); // 2.5x: busy, not alarming
  });

  it('needs both the ratio and the deviation: a volatile employee is judged against their own spread', () => {
    const volatile = days(30, (i) => (i % 3 === 0 ? 900 : 30)); // mean 320, std ~410
    expect(scoreSpike('export_rows', 1000, volatile)).toBeNull(); // 3.1x but only 1.7 deviations
  });

  it('does not alarm on small absolute numbers, however unusual', () => {
    expect(scoreSpike('reveals', 9, days(30, 0))).toBeNull();
    expect(scoreSpike('reveals', 9, days(30, (i) => (i === 0 ? 1 : 0)))).toBeNull();
  });

  it('flags new behaviour on a silent baseline and says it is unusual', () => {
    const s = scoreSpike('reveals', 30, days(30, 0));
    expect(s).toMatchObject({ ratio: null, usual: 0, z: 30 });
    expect(s?.text).toBe('revealed 30 hidden contact details; usually none');
  });

  it('does not treat a perfectly regular past as zero variance', () => {
    // 10 every day: std 0, but counts vary naturally; 14 is not 4/0 = infinite deviations.
    expect(scoreSpike('outside_views', 14, days(30, 10))).toBeNull();
    expect(scoreSpike('outside_views', 40, days(30, 10))?.text).toBe('opened 40 client cards outside their portfolio vs usual 10/day (4x)');
  });
});

describe('scoreInteractionDrop', () => {
  it('flags a manager who went quiet while their clients keep ordering', () => {
    const s = scoreInteractionDrop({ activities: 2, baselineActivities: 60, orders: 9, baselineOrders: 35 });
    expect(s).toMatchObject({ metric: 'interaction_drop', value: 2, usual: 14, unit: 'week' });
    expect(s?.text).toBe('logged 2 client interactions in 7 days vs usual 14/week (-86%) while their clients placed 9 orders (usual 8.2/week)');
  });

  it('ignores a drop when the clients went quiet too, a usual pace, or a manager who never logged much', () => {
    expect(scoreInteractionDrop({ activities: 2, baselineActivities: 60, orders: 1, baselineOrders: 35 })).toBeNull();
    expect(scoreInteractionDrop({ activities: 12, baselineActivities: 60, orders: 9, baselineOrders: 35 })).toBeNull();
    expect(scoreInteractionDrop({ activities: 0, baselineActivities: 15, orders: 9, baselineOrders: 35 })).toBeNull();
  });
});

describe('scoreEmployeeDay', () => {
  const quiet = { activities: 14, baselineActivities: 60, orders: 8, baselineOrders: 35 };
  const normal = {
    spikes: {
      export_rows: { value: 110, history: days(30, (i) => 80 + (i % 4) * 15) },
      reveals: { value: 1, history: days(30, (i) => i % 3) },
      outside_views: { value: 0, history: days(30, 0) },
    },
    drop: quiet,
  };

  it('raises nothing on a normal day', () => {
    expect(scoreEmployeeDay(normal)).toEqual([]);
  });

  it('raises the planted scenario: 10x the usual export and 30 reveals in a day', () => {
    const planted = { ...normal, spikes: { ...normal.spikes, export_rows: { value: 1025, history: normal.spikes.export_rows.history }, reveals: { value: 30, history: normal.spikes.reveals.history } } };
    const signals = scoreEmployeeDay(planted);
    expect(signals.map((s) => s.metric)).toEqual(['export_rows', 'reveals']);
    expect(signals[0]?.ratio).toBeGreaterThanOrEqual(10);
    expect(summarise('Ivan', signals)).toBe('Ivan: exported 1,025 rows vs usual 102/day (10.1x); revealed 30 hidden contact details vs usual 1/day (30x)');
    expect(scoreEmployeeDay(planted, { skip: new Set(['reveals']) }).map((s) => s.metric)).toEqual(['export_rows']);
  });
});

describe('calendar helpers', () => {
  it('adds days across month ends and finds the local date of an instant', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(dateIn('Europe/Moscow', new Date('2026-11-21T22:30:00Z'))).toBe('2026-11-22');
    expect(dateIn('UTC', new Date('2026-11-21T22:30:00Z'))).toBe('2026-11-21');
  });
});
