import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { makeCompany } from '../../test/factories.js';
import { shiftDate } from '../domain/analytics/dates.js';
import { addOrder, dayIn, dbToday, makeCatalog } from '../features/analytics/analytics.fixtures.js';
import { runBacktestCommand } from './backtest.js';

// `holdfast backtest --as-of D` on planted histories whose outcome at D is known: one client lapsed
// and stopped (caught), one lapsed but came back (false alarm), two stopped while ordering on rhythm
// (missed), one steady (rightly quiet). Precision 1/2, recall 1/3.
describe('holdfast backtest --as-of', () => {
  let ctx: TestContext;
  let today: string;
  let asOf: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    today = await dbToday(ctx.db);
    asOf = dayIn(today, 9, 15);
    const [product] = await makeCatalog(ctx.db, 1);
    const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
    const plant = async (name: string, monthsAgo: number[]) => {
      const { id } = await makeCompany(ctx.db, { name });
      for (const ago of monthsAgo) {
        await addOrder(ctx.db, { companyId: id, orderedOn: dayIn(today, ago, ago === 0 ? 1 : 10), lines: [{ productId: product!.id, price: '1000.00' }] });
      }
    };
    await plant('Lapsed and gone', range(24, 14));
    await plant('Lapsed, came back', [...range(24, 12), ...range(8, 0)]);
    await plant('Stopped on rhythm 1', range(24, 9));
    await plant('Stopped on rhythm 2', range(24, 9));
    await plant('Steady', range(24, 0));
  });
  afterAll(() => ctx.cleanup());

  it('prints and returns the confusion matrix, precision and recall as of the date', async () => {
    const { report, text } = await runBacktestCommand(ctx, { asOf, horizon: 6 });
    expect(report).toMatchObject({
      asOf,
      horizonMonths: 6,
      horizonEnd: shiftDate(asOf, 6),
      activeClients: 5,
      flagged: 2,
      churned: 3,
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 2,
      trueNegatives: 1,
    });
    expect(report.precision).toBeCloseTo(1 / 2, 12);
    expect(report.recall).toBeCloseTo(1 / 3, 12);
    expect(text.split('\n').slice(0, 4)).toEqual([
      expect.stringMatching(new RegExp(`^Churn warning backtest as of ${asOf}: .*no order until ${shiftDate(asOf, 6)} \\(6 months\\)$`)),
      '  active clients 5, flagged 2, stopped ordering 3 (base rate 60.0%)',
      '  flagged and stopped 1, flagged but kept ordering 1, stopped unflagged 2, neither 1',
      expect.stringMatching(/^ {2}precision 50\.0%, recall 33\.3%, F1 40\.0%$/),
    ]);
    expect(text).toMatch(/lapsed {2}stopped {2}Lapsed and gone/);
    expect(text).toMatch(/lapsed {2}ordering Lapsed, came back/);
  });

  it('refuses a date whose horizon has not passed, or a malformed one, naming --as-of', async () => {
    await expect(runBacktestCommand(ctx, { asOf: dayIn(today, 2), horizon: 6 })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'asOf' }] });
    await expect(runBacktestCommand(ctx, { asOf: '2025-02-30', horizon: 6 })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'asOf' }] });
  });
});
