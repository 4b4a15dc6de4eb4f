import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { DEFAULT_INTERACTION_DAYS } from '../../domain/analytics/coverage.js';
import { addDays } from '../../domain/analytics/dates.js';
import { fromMinor, toMinor } from '../../domain/money.js';
import { afterRank, assertManagement, pageOf, revenueWindow, windowDto } from './analytics.access.js';
import type { CoverageQuery, CoverageReport, DependencyQuery, DependencyReport } from './analytics.schema.js';
import * as custom from './coverage.repository.js';
import * as snapshot from './dashboard.repository.js';
import { ensureFresh } from './refresh.service.js';
import { readSummary } from './summary.repository.js';

const ratio = (part: string, whole: string) => (toMinor(whole) > 0n ? Number(toMinor(part)) / Number(toMinor(whole)) : null);

/**
 * Who knows each client with sales in the last 12 months, and how much revenue depends on one
 * person. The default 180-day interaction window reads the per-client snapshot; another window
 * is computed on the spot.
 */
export async function getCoverage(ctx: AppContext, actor: Actor, q: CoverageQuery): Promise<CoverageReport> {
  assertManagement(actor);
  const today = await ensureFresh(ctx);
  const window = revenueWindow(today);
  const since = addDays(today, -q.interactionDays);
  const head = { asOf: today, window: windowDto(window), interactionDays: q.interactionDays, minKnowers: q.minKnowers };
  const fromSnapshot = q.interactionDays === DEFAULT_INTERACTION_DAYS;
  const r = fromSnapshot
    ? await snapshotCoverage(ctx, { ...q, since })
    : await custom.coverage(ctx.db, { ...window, since, minKnowers: q.minKnowers, onlyFlagged: q.onlyFlagged, afterRank: afterRank(q.cursor), limit: q.limit });
  const page = pageOf(r.items, q.limit, (i) => ({ rank: i.rank, id: i.company_id }));
  const s = r.summary;
  return {
    ...head,
    summary: {
      clients: s.clients,
      flaggedClients: s.flagged_clients,
      totalRevenue: s.total_revenue,
      singlePersonRevenue: s.single_revenue,
      singlePersonShare: ratio(s.single_revenue, s.total_revenue),
      nobodyRevenue: s.nobody_revenue,
      nobodyShare: ratio(s.nobody_revenue, s.total_revenue),
    },
    items: page.items.map((i) => ({
      companyId: i.company_id,
      companyName: i.company_name,
      revenue: i.revenue,
      knowersCount: i.knowers_count,
      flagged: i.knowers_count < q.minKnowers,
      knowers: i.knowers.map((k) => ({ employeeId: k.employee_id, employeeName: k.employee_name, role: k.role, via: k.via })),
    })),
    nextCursor: page.nextCursor,
  };
}

async function snapshotCoverage(ctx: AppContext, q: CoverageQuery & { since: string }) {
  const [rows, summary] = await Promise.all([
    snapshot.coveragePage(ctx.db, { minKnowers: q.minKnowers, onlyFlagged: q.onlyFlagged, afterRank: afterRank(q.cursor), limit: q.limit }),
    readSummary(ctx.db),
  ]);
  const details = await snapshot.knowerDetails(ctx.db, { companyIds: rows.map((i) => i.company_id), since: q.since });
  // The totals for any minKnowers follow from the stored histogram of knowers.
  const sum = (f: (k: number) => boolean) => fromMinor(summary.knowers.filter((b) => f(b.knowers)).reduce((t, b) => t + toMinor(b.revenue), 0n));
  const totals = {
    clients: summary.knowers.reduce((t, b) => t + b.clients, 0),
    flagged_clients: summary.knowers.filter((b) => b.knowers < q.minKnowers).reduce((t, b) => t + b.clients, 0),
    total_revenue: sum(() => true),
    single_revenue: sum((k) => k === 1),
    nobody_revenue: sum((k) => k === 0),
  };
  const items: custom.CoverageRow[] = rows.map((i) => ({
    rank: i.revenue_rank as number,
    company_id: i.company_id,
    company_name: i.company_name,
    revenue: i.revenue,
    knowers_count: i.knowers,
    knowers: details.filter((d) => d.company_id === i.company_id),
  }));
  return { summary: totals, items };
}

async function snapshotDependency(ctx: AppContext, o: { afterRank: number; limit: number }) {
  const [items, summary] = await Promise.all([snapshot.dependencyPage(ctx.db, o), readSummary(ctx.db)]);
  return { totalRevenue: summary.dependency.total, singleRevenue: summary.dependency.single, items };
}

/** Managers ranked by walk-away revenue: the clients only they know. */
export async function getDependency(ctx: AppContext, actor: Actor, q: DependencyQuery): Promise<DependencyReport> {
  assertManagement(actor);
  const today = await ensureFresh(ctx);
  const window = revenueWindow(today);
  const o = { afterRank: afterRank(q.cursor), limit: q.limit };
  const r =
    q.interactionDays === DEFAULT_INTERACTION_DAYS
      ? await snapshotDependency(ctx, o)
      : await custom.dependency(ctx.db, { ...window, since: addDays(today, -q.interactionDays), ...o });
  const page = pageOf(r.items, q.limit, (i) => ({ rank: i.rank, id: i.employee_id }));
  return {
    asOf: today,
    window: windowDto(window),
    interactionDays: q.interactionDays,
    totalRevenue: r.totalRevenue,
    singlePersonShare: ratio(r.singleRevenue, r.totalRevenue),
    items: page.items.map((i) => ({
      rank: i.rank,
      employeeId: i.employee_id,
      employeeName: i.employee_name,
      role: i.role,
      status: i.status,
      walkAwayRevenue: i.walk_away,
      walkAwayShare: ratio(i.walk_away, r.totalRevenue),
      soleClients: i.sole_clients,
      clientsKnown: i.clients_known,
      ownedRevenue: i.owned_revenue,
      ownedShare: ratio(i.owned_revenue, r.totalRevenue),
      topSoleClients: (i.top_sole_clients ?? []).map((c) => ({ companyId: c.company_id, companyName: c.company_name, revenue: c.revenue })),
    })),
    nextCursor: page.nextCursor,
  };
}
