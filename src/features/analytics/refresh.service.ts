import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { basisPoints, DEFAULT_ABC } from '../../domain/analytics/abc.js';
import type { ClientMonths } from '../../domain/analytics/client-months.js';
import { lastQuarterEnd } from '../../domain/analytics/dates.js';
import { DEFAULT_XYZ } from '../../domain/analytics/xyz.js';
import { rebuildClassHistory } from './history.repository.js';
import {
  analyzeReadModels,
  clientMonths,
  createRollupStage,
  fillRollupStage,
  installRollup,
  parallelProcesses,
  refreshRollups,
  rollupRanges,
  stageRollup,
  writeClientSeries,
} from './rollup.repository.js';
import { rebuildClients } from './snapshot.service.js';
import * as state from './state.repository.js';

// The read models follow their sources. Writers (orders, import) do not refresh them (see
// docs/analytics.md); the worker's analytics.refresh job and every analytics read first check (index
// probes) whether any order, account-team seat, activity or employee changed after the stored
// watermarks and catch up for just the clients concerned. The
// per-client snapshot is "as of today" and is rebuilt when the date changes; the quarterly class
// history when a quarter closes or an order inside a closed quarter changes.
// Known gap: a row committed by a transaction that began before the last catch-up carries an older
// updated_at and is not seen here; POST /api/v1/analytics/refresh rebuilds everything.

/** Milliseconds: the rollup from the start (pass over the lines included; the pass alone in passMs on
 * PostgreSQL), then the history (and running totals) and the snapshot, each from the end of the rollup. */
export type RefreshTimings = { rollupMs: number; historyMs: number; clientsMs: number; passMs?: number };

// The refresh sorts and hashes about a million intermediate rows; at the default 4MB they spill to disk.
const REFRESH_WORK_MEM = '64MB';
const settings = async (trx: Kysely<DB>) => {
  await sql`SET LOCAL work_mem = ${sql.lit(REFRESH_WORK_MEM)}`.execute(trx);
  // JIT compiling these wide statements costs more than it saves (measured: the snapshot 2.1 s -> 0.6 s
  // at 10k clients); an ordinary setting, no effect on PGlite, which has no JIT.
  await sql`SET LOCAL jit = off`.execute(trx);
};
const prepare = async (trx: Kysely<DB>) => {
  await state.lockRefresh(trx);
  await settings(trx);
};

const stale = (s: state.AnalyticsState) =>
  s.rollup_refreshed_at === null ||
  state.changed(s.orders_now, s.orders_mark) ||
  state.changed(s.team_now, s.team_mark) ||
  state.changed(s.activities_now, s.activities_mark) ||
  state.changed(s.employees_now, s.employees_mark) ||
  s.clients_as_of !== s.today ||
  s.history_through !== lastQuarterEnd(s.today);

const marks = (s: state.AnalyticsState): state.StateValues => ({
  orders_watermark: s.orders_now,
  team_watermark: s.team_now,
  activities_watermark: s.activities_now,
  employees_watermark: s.employees_now,
});

/** Brings the read models up to date if anything changed; returns the database's today. */
export async function ensureFresh(ctx: AppContext): Promise<string> {
  const s = await state.readState(ctx.db);
  if (stale(s)) await ctx.db.transaction().execute((trx) => catchUp(trx));
  return s.today;
}

/**
 * Recomputes everything from the sources (the bench, POST /analytics/refresh). On PostgreSQL the pass
 * over the lines runs in company ranges on as many connections as the processes one parallel statement
 * would get, each range on one core (one parallel statement kept a single core busy for nearly half its
 * time: its leader aggregated the orders before the workers started, and alone finalised the lines'
 * aggregate, joined the two and wrote the rows). The ranges fill one stage side by side, which takes the
 * rollup's place in one transaction that also marks the models stale. Then two connections work at
 * once: one builds the snapshot from the rollup, the other the class history and the running totals. The refresh lock is held by the session throughout, so a
 * reader after the swap waits for the end instead of mixing new and old models; if a step after the
 * swap fails, the next read rebuilds everything. PGlite has one connection: one transaction, one step
 * after the other.
 */
export async function recomputeAll(ctx: AppContext): Promise<RefreshTimings> {
  if (ctx.database.kind !== 'postgres') {
    return ctx.db.transaction().execute(async (trx) => {
      await prepare(trx);
      return rebuild(trx, await state.readState(trx));
    });
  }
  return ctx.db.connection().execute(async (conn) => {
    await state.lockRefreshSession(conn);
    let staged = false;
    try {
      const start = performance.now();
      // read before the pass: whatever is written meanwhile is newer than these marks and is caught up later
      const s = await state.readState(conn);
      const ranges = await rollupRanges(conn, Math.min(await parallelProcesses(conn), ctx.config.dbPoolSize - 1));
      await sql`DROP TABLE IF EXISTS ${sql.table(RECOMPUTE_STAGE)}`.execute(conn);
      await createRollupStage(conn, RECOMPUTE_STAGE);
      staged = true;
      await allOf(
        ranges.map((range, i) =>
          (i === 0 ? conn : ctx.db).transaction().execute(async (trx) => {
            await settings(trx);
            if (ranges.length > 1) await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
            await fillRollupStage(trx, RECOMPUTE_STAGE, range);
          }),
        ),
      );
      const passMs = performance.now() - start;
      await conn.transaction().execute(async (trx) => {
        await settings(trx);
        await state.writeState(trx, { rollup_refreshed_at: null });
        await installRollup(trx, RECOMPUTE_STAGE);
      });
      staged = false;
      const rollupMs = performance.now() - start;
      const step = (work: (trx: Kysely<DB>) => Promise<void>, db: Kysely<DB> = conn) =>
        db.transaction().execute(async (trx) => {
          await settings(trx);
          await work(trx);
        });
      const through = lastQuarterEnd(s.today);
      const [clientsMs = 0, historyMs = 0] = await allOf([
        step(async (trx) => {
          await analyzeReadModels(trx, ['analytics_company_months']);
          await rebuildClients(trx, { today: s.today });
          await analyzeReadModels(trx, ['analytics_clients']);
        }).then(() => performance.now() - start - rollupMs),
        // the lock is this session's: the second connection must not ask for it
        step(async (trx) => {
          const months = await clientMonths(trx);
          await rebuildClassHistory(trx, { ...historyThresholds(through), months });
          await writeClientSeries(trx, months);
          await analyzeReadModels(trx, ['analytics_class_history']);
        }, ctx.db).then(() => performance.now() - start - rollupMs),
      ]);
      await state.writeState(conn, {
        ...marks(s),
        rollup_refreshed_at: 'now',
        clients_as_of: s.today,
        clients_computed_at: 'now',
        history_through: through,
        history_computed_at: 'now',
      });
      // the history's and the snapshot's times run from the end of the rollup, side by side
      return { rollupMs, historyMs, clientsMs, passMs };
    } finally {
      try {
        // a failure before the swap leaves the stage behind (the swap renames it); the next run replaces it anyway
        if (staged) await sql`DROP TABLE IF EXISTS ${sql.table(RECOMPUTE_STAGE)}`.execute(conn);
      } finally {
        await state.unlockRefreshSession(conn);
      }
    }
  });
}
const RECOMPUTE_STAGE = 'analytics_recompute_stage';

/** Waits for every one of them, even when one fails (so that none is still running), then gives their results or the first failure. */
async function allOf<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** The stage's one name: only the refresh lock's holder uses it, and a crashed run's leftover is replaced. */
async function passIntoRollup(trx: Kysely<DB>) {
  await sql`DROP TABLE IF EXISTS ${sql.table(RECOMPUTE_STAGE)}`.execute(trx);
  await stageRollup(trx, RECOMPUTE_STAGE);
}

/**
 * Rebuilds everything in the caller's transaction, step after step (PGlite, and a first read on either
 * database): the pass over the lines writes the new rollup (on PostgreSQL CREATE TABLE AS may use
 * parallel workers; a data-modifying statement runs on one core), then the running totals and class
 * history are built from it. The caller holds the refresh lock.
 */
async function rebuild(trx: Kysely<DB>, s: state.AnalyticsState): Promise<RefreshTimings> {
  let t = performance.now();
  await passIntoRollup(trx);
  await installRollup(trx, RECOMPUTE_STAGE);
  await analyzeReadModels(trx, ['analytics_company_months']);
  const months = await clientMonths(trx);
  await writeClientSeries(trx, months);
  const rollupMs = performance.now() - t;
  t = performance.now();
  await rebuildHistory(trx, s.today, months);
  const historyMs = performance.now() - t;
  t = performance.now();
  await rebuildClients(trx, { today: s.today });
  await analyzeReadModels(trx, ['analytics_class_history', 'analytics_clients']);
  const clientsMs = performance.now() - t;
  await state.writeState(trx, { ...marks(s), rollup_refreshed_at: 'now', clients_as_of: s.today, clients_computed_at: 'now' });
  return { rollupMs, historyMs, clientsMs };
}

async function catchUp(trx: Kysely<DB>) {
  await prepare(trx);
  // Re-read under the lock: another request may have done the work while we waited.
  const s = await state.readState(trx);
  if (!stale(s)) return;
  if (s.rollup_refreshed_at === null) {
    await rebuild(trx, s);
    return;
  }
  let historyDirty = s.history_through !== lastQuarterEnd(s.today);
  const touched = new Set<number>();
  if (state.changed(s.orders_now, s.orders_mark)) {
    const ids = await state.companiesChangedSince(trx, { source: 'orders', mark: s.orders_mark });
    await refreshRollups(trx, { companyIds: ids });
    ids.forEach((id) => touched.add(id));
    // An order dated inside a closed quarter moves that quarter's classes.
    const earliest = await state.earliestChangedOrderDate(trx, { mark: s.orders_mark });
    if (earliest !== null && s.history_through !== null && earliest.slice(0, 7) <= s.history_through.slice(0, 7)) historyDirty = true;
  }
  if (state.changed(s.team_now, s.team_mark)) {
    (await state.companiesChangedSince(trx, { source: 'account_team', mark: s.team_mark })).forEach((id) => touched.add(id));
  }
  if (state.changed(s.activities_now, s.activities_mark)) {
    (await state.companiesChangedSince(trx, { source: 'activities', mark: s.activities_mark })).forEach((id) => touched.add(id));
  }
  if (historyDirty) await rebuildHistory(trx, s.today);
  // A new day moves every window; someone leaving changes who knows whom everywhere.
  const everyone = s.clients_as_of !== s.today || state.changed(s.employees_now, s.employees_mark);
  if (everyone) await rebuildClients(trx, { today: s.today });
  else if (touched.size > 0) await rebuildClients(trx, { today: s.today, companyIds: [...touched] });
  await state.writeState(trx, { ...marks(s), rollup_refreshed_at: 'now', ...(everyone ? { clients_as_of: s.today, clients_computed_at: 'now' as const } : {}) });
}

const historyThresholds = (through: string) => ({
  through,
  aBp: basisPoints(DEFAULT_ABC.a),
  abBp: basisPoints(DEFAULT_ABC.a + DEFAULT_ABC.b),
  x: DEFAULT_XYZ.x,
  y: DEFAULT_XYZ.y,
});

async function rebuildHistory(trx: Kysely<DB>, today: string, months?: ClientMonths) {
  const through = lastQuarterEnd(today);
  await rebuildClassHistory(trx, { ...historyThresholds(through), months });
  await state.writeState(trx, { history_through: through, history_computed_at: 'now' });
}

/** A job handler for the worker: catch up off the read path, so reads find nothing to do. */
export const analyticsRefreshJob = async (ctx: AppContext) => {
  await ensureFresh(ctx);
};

/** For the bench: forget everything so the next refresh starts from nothing. */
export const resetReadModels = (ctx: AppContext) => state.resetState(ctx.db);
