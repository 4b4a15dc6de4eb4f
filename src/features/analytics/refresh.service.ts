import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { basisPoints, DEFAULT_ABC } from '../../domain/analytics/abc.js';
import { assessChurn, churnWindows } from '../../domain/analytics/churn.js';
import { lastQuarterEnd } from '../../domain/analytics/dates.js';
import { DEFAULT_XYZ } from '../../domain/analytics/xyz.js';
import { churnFeatures, writeChurnScores } from './churn.repository.js';
import {
  analyzeReadModels,
  companiesChangedSince,
  earliestChangedOrderDate,
  lockRefresh,
  readState,
  recomputeClassHistory,
  refreshRollups,
  type StateValues,
  writeState,
} from './rollup.repository.js';

// The read models follow the orders table. The orders service refreshes a client's rollup as it
// writes; independently, every analytics read first checks (one index probe) whether any order
// changed after the stored watermark and catches up for just those clients, so the numbers are
// right whether or not the writer remembered. Scores are "as of today" and are rescored when the
// date changes; the quarterly class history is rebuilt when a quarter closes or a closed one changed.
// Known gap: an order committed by a transaction that began before the last catch-up carries an
// older updated_at and is not seen here; the orders service refreshes in its own transaction, and
// POST /api/v1/analytics/refresh rebuilds everything.

export type RefreshTimings = { rollupMs: number; historyMs: number; scoresMs: number; companies: number | 'all' };

/** Brings the read models up to date if anything changed; returns the database's today. */
export async function ensureFresh(ctx: AppContext): Promise<string> {
  const s = await readState(ctx.db);
  const ordersChanged = s.latest_order_change !== null && s.latest_order_change !== s.watermark_text;
  const stale = s.rollup_refreshed_at === null || ordersChanged || s.scores_as_of !== s.today || s.history_through !== lastQuarterEnd(s.today);
  if (stale) await ctx.db.transaction().execute((trx) => catchUp(trx));
  return s.today;
}

/** Recomputes everything from the orders (the CLI, the bench, POST /analytics/refresh). */
export async function recomputeAll(ctx: AppContext): Promise<RefreshTimings> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockRefresh(trx);
    const s = await readState(trx);
    return rebuild(trx, s.today, s.latest_order_change);
  });
}

async function rebuild(trx: Kysely<DB>, today: string, watermark: string | null): Promise<RefreshTimings> {
  let t = performance.now();
  await refreshRollups(trx);
  await analyzeReadModels(trx, ['analytics_company_months']);
  const rollupMs = performance.now() - t;
  t = performance.now();
  await rebuildHistory(trx, today);
  const historyMs = performance.now() - t;
  t = performance.now();
  await rescore(trx, today);
  await analyzeReadModels(trx, ['analytics_class_history', 'analytics_churn_scores']);
  const scoresMs = performance.now() - t;
  await writeState(trx, { orders_watermark: watermark, rollup_refreshed_at: 'now' });
  return { rollupMs, historyMs, scoresMs, companies: 'all' };
}

async function catchUp(trx: Kysely<DB>) {
  await lockRefresh(trx);
  // Re-read under the lock: another request may have done the work while we waited.
  const s = await readState(trx);
  if (s.rollup_refreshed_at === null) {
    await rebuild(trx, s.today, s.latest_order_change);
    return;
  }
  const state: StateValues = {};
  let historyDirty = s.history_through !== lastQuarterEnd(s.today);
  let changed: number[] = [];
  if (s.latest_order_change !== null && s.latest_order_change !== s.watermark_text) {
    const since = s.watermark_text ?? '-infinity';
    changed = await companiesChangedSince(trx, { watermark: since });
    const earliest = await earliestChangedOrderDate(trx, { watermark: since });
    await refreshRollups(trx, { companyIds: changed });
    // An order dated inside a closed quarter moves that quarter's classes.
    if (earliest !== null && s.history_through !== null && earliest <= endOfMonth(s.history_through)) historyDirty = true;
    state.orders_watermark = s.latest_order_change;
    state.rollup_refreshed_at = 'now';
  }
  if (historyDirty) await rebuildHistory(trx, s.today);
  if (s.scores_as_of !== s.today) await rescore(trx, s.today);
  else if (changed.length > 0) await rescore(trx, s.today, changed);
  await writeState(trx, state);
}

const endOfMonth = (monthStart: string) => `${monthStart.slice(0, 7)}-31`;

async function rebuildHistory(trx: Kysely<DB>, today: string) {
  const through = lastQuarterEnd(today);
  await recomputeClassHistory(trx, {
    through,
    aBp: basisPoints(DEFAULT_ABC.a),
    abBp: basisPoints(DEFAULT_ABC.a + DEFAULT_ABC.b),
    x: DEFAULT_XYZ.x,
    y: DEFAULT_XYZ.y,
  });
  await writeState(trx, { history_through: through, history_computed_at: 'now' });
}

/** Scores every active client (or the given ones) as of today and stores them for the dashboard. */
async function rescore(trx: Kysely<DB>, today: string, companyIds?: readonly number[]) {
  const windows = churnWindows(today);
  const features = await churnFeatures(trx, { windows, companyIds, includeArchived: false });
  const rows = features.map((f) => {
    const a = assessChurn({
      asOf: today,
      orders: f.orders,
      firstOrderOn: f.first_order_on,
      lastOrderOn: f.last_order_on,
      revenueRecent: f.revenue_recent,
      revenueYearAgo: f.revenue_year_ago,
      ordersRecent: f.orders_recent,
      ordersYearAgo: f.orders_year_ago,
      categoriesRecent: f.categories_recent,
      categoriesYearAgo: f.categories_year_ago,
    });
    return { ...f, score: a.score, pattern: a.pattern };
  });
  await writeChurnScores(trx, { asOf: today, rows, companyIds });
  if (companyIds === undefined) await writeState(trx, { scores_as_of: today, scores_computed_at: 'now' });
}
