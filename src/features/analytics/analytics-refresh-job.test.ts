import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.js';
import { makeCompany } from '../../../test/factories.js';
import { findJob } from '../../jobs/jobs.repository.js';
import { ANALYTICS_EVERY_SECONDS, ANALYTICS_JOB, JOB_HANDLERS, scheduleRecurring } from '../../jobs/registry.js';
import { runNextJob } from '../../jobs/worker.js';
import { addOrder, dayIn, dbToday, makeCatalog } from './analytics.fixtures.js';

// The worker keeps the analytics read models current: orders written straight to the tables (as an
// import would, nobody calling a refresh) reach the rollup and the snapshot through the job alone.
describe('analytics refresh job', () => {
  let ctx: TestContext;
  let today: string;
  let productId: number;
  const drain = async () => {
    while (await runNextJob(ctx, { handlers: JOB_HANDLERS }));
  };
  const months = async (companyId: number) =>
    (await sql<{ month: string; revenue: string; orders: number }>`
      SELECT to_char(month, 'YYYY-MM') AS month, revenue::text AS revenue, orders FROM analytics_company_months
      WHERE company_id = ${companyId} ORDER BY month`.execute(ctx.db)).rows;
  const snapshot = async (companyId: number) =>
    (await sql<{ revenue: string; orders_12m: number; revenue_abc: string | null }>`
      SELECT revenue::text AS revenue, orders_12m, revenue_abc FROM analytics_clients WHERE company_id = ${companyId}`.execute(ctx.db)).rows[0];

  beforeAll(async () => {
    ctx = await createTestContext();
    today = await dbToday(ctx.db);
    productId = (await makeCatalog(ctx.db, 1))[0]!.id;
  });
  afterAll(() => ctx.cleanup());

  it('builds the rollup and snapshot on its first run, folds in later orders on the next, and comes back once a minute', async () => {
    const big = (await makeCompany(ctx.db, { name: 'Big' })).id;
    const small = (await makeCompany(ctx.db, { name: 'Small' })).id;
    await addOrder(ctx.db, { companyId: big, orderedOn: dayIn(today, 2), lines: [{ productId, price: '9000.00', cost: '4000.00' }] });
    await addOrder(ctx.db, { companyId: small, orderedOn: dayIn(today, 3), lines: [{ productId, price: '1000.00' }] });

    await scheduleRecurring(ctx, new Date());
    await drain();
    expect(await findJob(ctx.db, { key: ANALYTICS_JOB })).toMatchObject({ kind: ANALYTICS_JOB, status: 'done', attempts: 1, last_error: null });
    expect(await months(big)).toEqual([{ month: dayIn(today, 2).slice(0, 7), revenue: '9000.00', orders: 1 }]);
    expect(await snapshot(big)).toEqual({ revenue: '9000.00', orders_12m: 1, revenue_abc: 'A' });
    expect(await snapshot(small)).toEqual({ revenue: '1000.00', orders_12m: 1, revenue_abc: 'B' });

    // A large order for the small client: until the job runs again, nothing in the read models moves.
    await addOrder(ctx.db, { companyId: small, orderedOn: dayIn(today, 1), lines: [{ productId, price: '50000.00' }] });
    await scheduleRecurring(ctx, new Date());
    expect(await runNextJob(ctx, { handlers: JOB_HANDLERS })).toBe(false); // ran less than a minute ago
    expect(await snapshot(small)).toEqual({ revenue: '1000.00', orders_12m: 1, revenue_abc: 'B' });

    await sql`UPDATE jobs SET finished_at = now() - make_interval(secs => ${ANALYTICS_EVERY_SECONDS + 1}) WHERE key = ${ANALYTICS_JOB}`.execute(ctx.db);
    await scheduleRecurring(ctx, new Date());
    expect(await findJob(ctx.db, { key: ANALYTICS_JOB })).toMatchObject({ status: 'queued', attempts: 0 });
    await drain();
    expect(await findJob(ctx.db, { key: ANALYTICS_JOB })).toMatchObject({ status: 'done', attempts: 1 });
    expect(await months(small)).toEqual([
      { month: dayIn(today, 3).slice(0, 7), revenue: '1000.00', orders: 1 },
      { month: dayIn(today, 1).slice(0, 7), revenue: '50000.00', orders: 1 },
    ]);
    // re-ranked: the small client now leads with 85% of revenue, so the big one is B
    expect(await snapshot(small)).toEqual({ revenue: '51000.00', orders_12m: 2, revenue_abc: 'A' });
    expect(await snapshot(big)).toEqual({ revenue: '9000.00', orders_12m: 1, revenue_abc: 'B' });
    expect(await ctx.db.selectFrom('jobs').select('id').where('kind', '=', ANALYTICS_JOB).execute()).toHaveLength(1);
  });
});
