import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTable, type TableShape } from '../../db/bulk-load.js';
import { createTestContext, type TestContext } from '../../../test/db.js';
import { makeCompany } from '../../../test/factories.js';
import { addOrder, dayIn, dbToday, makeCatalog } from './analytics.fixtures.js';
import { ensureFresh, recomputeAll, resetReadModels } from './refresh.service.js';
import { createRollupStage, fillRollupStage, refreshRollups, rollupRanges, stageRollup } from './rollup.repository.js';
import { readState } from './state.repository.js';

// A full recompute (POST /analytics/refresh, the bench) rebuilds every read model from the orders; on
// PostgreSQL it commits the rollup and then builds the class history and the snapshot at once on two
// connections. It must leave exactly what the one-transaction rebuild of a first read leaves.
describe('analytics full recompute', () => {
  let ctx: TestContext;
  // the rollup as the migrations define it; a full rebuild writes a new table that takes its place
  let migrated: TableShape;
  const tables = ['analytics_company_months', 'analytics_client_series', 'analytics_class_history', 'analytics_clients', 'analytics_employees'];
  // every table a crash empties: the read models and their state row
  const unlogged = [...tables, 'analytics_state'];
  // every row of every read model (timestamps of the computation left out) and the summary
  const digest = async () => {
    const out: Record<string, string> = {};
    for (const t of tables) {
      const { rows } = await sql<{ d: string; n: number }>`
        SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS d, count(*)::int AS n FROM (
          SELECT (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(x)) WHERE key NOT LIKE '%computed_at') AS r FROM ${sql.table(t)} x
        ) r`.execute(ctx.db);
      out[t] = `${rows[0]!.n} ${rows[0]!.d}`;
    }
    out.summary = (await sql<{ s: string }>`SELECT md5(summary::text) AS s FROM analytics_state`.execute(ctx.db)).rows[0]!.s;
    return out;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    migrated = await describeTable(ctx.db, 'analytics_company_months');
    const today = await dbToday(ctx.db);
    const products = await makeCatalog(ctx.db, 3);
    for (let c = 0; c < 24; c++) {
      const companyId = (await makeCompany(ctx.db, { name: `C${c}` })).id;
      for (let ago = 1; ago <= 30; ago++) {
        if ((c * 5 + ago * 3) % (2 + (c % 5)) !== 0) continue;
        const p = products[(c + ago) % 3]!;
        await addOrder(ctx.db, { companyId, orderedOn: dayIn(today, ago), lines: [{ productId: p.id, price: `${1000 + c * 137 + ago * 11}.${c % 10}0`, cost: `${500 + c * 50}.00` }] });
      }
    }
  });
  afterAll(() => ctx.cleanup());

  it('leaves every read model as the first read builds it, and releases the refresh lock', async () => {
    await resetReadModels(ctx);
    await ensureFresh(ctx);
    const built = await digest();
    expect(await describeTable(ctx.db, 'analytics_company_months')).toEqual(migrated);
    expect(migrated.indexes.map((i) => i.name)).toEqual(['analytics_company_months_month_idx']);
    expect(migrated.constraints.map((k) => k.name)).toContain('analytics_company_months_pkey');
    expect(Number(built.analytics_client_series!.split(' ')[0])).toBeGreaterThan(10);
    expect(Number(built.analytics_class_history!.split(' ')[0])).toBeGreaterThan(24);

    await resetReadModels(ctx);
    // a reader arriving during the recompute waits for it and finds nothing left to do
    const [timings, today] = await Promise.all([recomputeAll(ctx), new Promise((r) => setTimeout(r, 5)).then(() => ensureFresh(ctx))]);
    expect(timings.rollupMs).toBeGreaterThan(0);
    expect(today).toBe(await dbToday(ctx.db));
    expect(await digest()).toEqual(built);
    expect(await describeTable(ctx.db, 'analytics_company_months')).toEqual(migrated);
    const s = await readState(ctx.db);
    expect(s.rollup_refreshed_at).not.toBeNull();
    expect(s.clients_as_of).toBe(today);
    // the new rollup has planner statistics of the columns its reads filter on (and no others)
    const { rows: stats } = await sql<{ a: string }>`SELECT attname AS a FROM pg_stats WHERE tablename = 'analytics_company_months' ORDER BY 1`.execute(ctx.db);
    expect(stats.map((r) => r.a)).toEqual(['company_id', 'month']);

    // the lock is free again: another recompute and a catch-up both complete
    await recomputeAll(ctx);
    await ensureFresh(ctx);
    expect(await digest()).toEqual(built);
  });

  it('splits the clients into contiguous ranges of about equal orders, and the ranges filling one stage at once make the same rollup', async () => {
    const ordersIn = async (r: { after: number | null; through: number | null }) =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE (${r.after}::int IS NULL OR company_id > ${r.after}) AND (${r.through}::int IS NULL OR company_id <= ${r.through})`.execute(ctx.db)).rows[0]!.n;
    const total = await ordersIn({ after: null, through: null });
    expect(await rollupRanges(ctx.db, 1)).toEqual([{ after: null, through: null }]);
    for (const parts of [2, 3, 100]) {
      const ranges = await rollupRanges(ctx.db, parts);
      // one bound per part but the last, none repeated (24 clients cannot make 100 ranges)
      expect(ranges.length).toBeLessThanOrEqual(parts);
      expect(ranges.length).toBeGreaterThan(1);
      expect(ranges[0]!.after).toBeNull();
      expect(ranges.at(-1)!.through).toBeNull();
      for (let i = 1; i < ranges.length; i++) {
        expect(ranges[i]!.after).toBe(ranges[i - 1]!.through);
        expect(ranges[i]!.after!).toBeGreaterThan(ranges[i - 1]!.after ?? -1);
      }
      const counts = await Promise.all(ranges.map(ordersIn));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
      if (parts <= 3) for (const n of counts) expect(n).toBeGreaterThan(total / parts / 2);
    }

    const ranges = await rollupRanges(ctx.db, 3);
    expect(ranges).toHaveLength(3);
    const rowsOf = async (table: string) => (await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.table(table)} t ORDER BY company_id, month`.execute(ctx.db)).rows.map((x) => x.r);
    await stageRollup(ctx.db, 'probe_whole');
    await createRollupStage(ctx.db, 'probe_ranges');
    // the ranges fill one stage at once, each on its own connection
    await Promise.all(ranges.map((range) => ctx.db.transaction().execute((trx) => fillRollupStage(trx, 'probe_ranges', range))));
    try {
      const whole = await rowsOf('probe_whole');
      expect(whole.length).toBeGreaterThan(24);
      expect(await rowsOf('probe_ranges')).toEqual(whole);
      expect(await describeTable(ctx.db, 'probe_ranges')).toEqual(await describeTable(ctx.db, 'probe_whole'));
    } finally {
      await sql`DROP TABLE probe_whole, probe_ranges`.execute(ctx.db);
    }
  });

  it('rolls a failed swap back whole, keeps the old rollup and lets go of the refresh lock', async () => {
    await ensureFresh(ctx);
    const built = await digest();
    // a trigger on the rollup makes the swap refuse it (replaceTable does not carry triggers over)
    await sql`CREATE FUNCTION probe_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`.execute(ctx.db);
    await sql`CREATE TRIGGER probe_noop AFTER INSERT ON analytics_company_months FOR EACH ROW EXECUTE FUNCTION probe_noop()`.execute(ctx.db);
    await expect(recomputeAll(ctx)).rejects.toThrow(/analytics_company_months has triggers/);
    // the pass and the swap are one transaction: it rolled back whole, and the models are still current
    expect((await readState(ctx.db)).rollup_refreshed_at).not.toBeNull();
    expect(await digest()).toEqual(built);
    expect((await sql`SELECT 1 FROM pg_class WHERE relname LIKE 'analytics_recompute_stage%'`.execute(ctx.db)).rows).toHaveLength(0);
    await sql`DROP TRIGGER probe_noop ON analytics_company_months`.execute(ctx.db);
    await sql`DROP FUNCTION probe_noop()`.execute(ctx.db);
    // the lock is free again
    await ensureFresh(ctx);
    expect(await digest()).toEqual(built);
    await recomputeAll(ctx);
    expect(await digest()).toEqual(built);
    expect((await sql`SELECT 1 FROM pg_class WHERE relname LIKE 'analytics_recompute_stage%'`.execute(ctx.db)).rows).toHaveLength(0);
  });

  it('builds the running totals of a full rebuild (TypeScript) exactly as the per-client refresh after an order (SQL) does', async () => {
    await resetReadModels(ctx);
    await ensureFresh(ctx);
    const full = await digest();
    const { rows } = await sql<{ id: number }>`SELECT DISTINCT company_id AS id FROM analytics_company_months`.execute(ctx.db);
    expect(rows.length).toBeGreaterThan(10);
    await sql`DELETE FROM analytics_client_series`.execute(ctx.db);
    await refreshRollups(ctx.db, { companyIds: rows.map((r) => r.id) });
    expect(await digest()).toEqual(full);
  });

  it('keeps the read models unlogged and rebuilds them when a crash has emptied them, state row included', async () => {
    await ensureFresh(ctx);
    const built = await digest();
    const { rows } = await sql<{ relname: string; relpersistence: string }>`
      SELECT relname, relpersistence FROM pg_class WHERE relname = any(${unlogged}::text[]) AND relkind = 'r'`.execute(ctx.db);
    expect(rows.map((r) => `${r.relname}:${r.relpersistence}`).sort()).toEqual(unlogged.map((t) => `${t}:u`).sort());

    // what crash recovery leaves of unlogged tables: nothing, not even the state row
    await sql`TRUNCATE ${sql.join(unlogged.map((t) => sql.table(t)))}`.execute(ctx.db);
    const lost = await readState(ctx.db);
    expect(lost.rollup_refreshed_at).toBeNull();
    expect(lost.clients_as_of).toBeNull();

    await ensureFresh(ctx);
    expect(await digest()).toEqual(built);
    expect((await readState(ctx.db)).rollup_refreshed_at).not.toBeNull();
  });
});
