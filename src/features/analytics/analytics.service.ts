import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { abcThresholdsProblem, basisPoints } from '../../domain/analytics/abc.js';
import { addDays, addMonths, monthKey, monthsInclusive } from '../../domain/analytics/dates.js';
import { assessKeyAccount } from '../../domain/analytics/key-accounts.js';
import { xyzThresholdsProblem } from '../../domain/analytics/xyz.js';
import { invalidField } from '../../domain/errors.js';
import { fromMinor, toMinor } from '../../domain/money.js';
import { assertCompanyVisible } from '../access/access.service.js';
import * as abcRepo from './abc.repository.js';
import { afterRank, assertManagement, assertPortfolioReader, pageOf, revenueWindow, windowDto } from './analytics.access.js';
import type {
  AbcHistory,
  AbcHistoryQuery,
  AbcQuery,
  AbcReport,
  BacktestQuery,
  BacktestReport,
  CoverageQuery,
  CoverageReport,
  DependencyQuery,
  DependencyReport,
  KeyAccountsQuery,
  KeyAccountsReport,
} from './analytics.schema.js';
import * as coverageRepo from './coverage.repository.js';
import * as keyRepo from './key-accounts.repository.js';
import { runBacktest } from './churn.service.js';
import { ensureFresh, recomputeAll } from './refresh.service.js';

export { getChurnRisk, runBacktest } from './churn.service.js';

/** The backtest through the API: management only (the CLI calls runBacktest directly). */
export async function backtestFor(ctx: AppContext, actor: Actor, q: BacktestQuery): Promise<BacktestReport> {
  assertManagement(actor);
  return runBacktest(ctx, q);
}

export async function refreshFor(ctx: AppContext, actor: Actor) {
  assertManagement(actor);
  const t = await recomputeAll(ctx);
  return { rollupMs: Math.round(t.rollupMs), historyMs: Math.round(t.historyMs), scoresMs: Math.round(t.scoresMs) };
}

const MAX_PERIOD_MONTHS = 120;
const ratio = (part: string, whole: string) => (toMinor(whole) > 0n ? Number(toMinor(part)) / Number(toMinor(whole)) : null);

function resolvePeriod(today: string, q: { from?: string | undefined; to?: string | undefined }) {
  const to = q.to ?? monthKey(addMonths(today, -1));
  const from = q.from ?? monthKey(addMonths(`${to}-01`, -11));
  if (from > to) throw invalidField('from', `must not be after to (${to})`);
  const months = monthsInclusive(from, to);
  if (months > MAX_PERIOD_MONTHS) throw invalidField('from', `the period may span at most ${MAX_PERIOD_MONTHS} months`);
  return { from, to, months };
}

export async function getAbc(ctx: AppContext, actor: Actor, q: AbcQuery): Promise<AbcReport> {
  assertManagement(actor);
  const abcProblem = abcThresholdsProblem(q);
  if (abcProblem) throw invalidField(abcProblem.field, abcProblem.message);
  const xyzProblem = xyzThresholdsProblem(q);
  if (xyzProblem) throw invalidField(xyzProblem.field, xyzProblem.message);
  const today = await ensureFresh(ctx);
  const period = resolvePeriod(today, q);
  const limit = q.limit;
  const r = await abcRepo.abcReport(ctx.db, {
    from: `${period.from}-01`,
    to: `${period.to}-01`,
    months: period.months,
    measure: q.measure,
    aBp: basisPoints(q.a),
    abBp: basisPoints(q.a + q.b),
    x: q.x,
    y: q.y,
    abc: q.abc,
    xyz: q.xyz,
    afterRank: afterRank(q.cursor),
    limit,
  });
  const page = pageOf(r.items, limit, (i) => ({ rank: i.rank, id: i.company_id }));
  const byClass = (['A', 'B', 'C'] as const).map((abc) => {
    const cells = r.matrix.filter((m) => m.abc === abc);
    const value = fromMinor(cells.reduce((s, c) => s + toMinor(c.value), 0n));
    const positive = fromMinor(cells.reduce((s, c) => s + (toMinor(c.value) > 0n ? toMinor(c.value) : 0n), 0n));
    const totalPositive = fromMinor(r.matrix.reduce((s, c) => s + (toMinor(c.value) > 0n ? toMinor(c.value) : 0n), 0n));
    return { abc, clients: cells.reduce((s, c) => s + c.clients, 0), value, share: ratio(positive, totalPositive) ?? 0 };
  });
  return {
    period,
    measure: q.measure,
    thresholds: { a: q.a, b: q.b, c: q.c, x: q.x, y: q.y },
    clients: r.clients,
    total: r.total,
    classes: byClass,
    matrix: r.matrix,
    items: page.items.map((i) => ({
      rank: i.rank,
      companyId: i.company_id,
      companyName: i.company_name,
      ownerId: i.owner_id,
      ownerName: i.owner_name,
      value: i.value,
      revenue: i.revenue,
      margin: i.margin,
      orders: i.orders,
      monthsWithOrders: i.months_with_orders,
      share: Number(i.share),
      cumulativeShare: Number(i.cumulative_share),
      abc: i.abc,
      xyz: i.xyz,
      cv: i.cv === null ? null : Number(i.cv),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function getAbcHistory(ctx: AppContext, actor: Actor, q: AbcHistoryQuery): Promise<AbcHistory> {
  assertManagement(actor);
  await ensureFresh(ctx);
  const periods = await abcRepo.historyPeriods(ctx.db);
  const toDto = (h: abcRepo.HistoryRow) => ({
    companyId: h.company_id,
    companyName: h.company_name,
    periodEnd: h.period_end,
    abc: h.abc,
    xyz: h.xyz,
    revenue: h.revenue,
    cv: h.cv === null ? null : Number(h.cv),
    previousAbc: h.previous_abc,
    previousXyz: h.previous_xyz,
  });
  if (q.companyId !== undefined) {
    await assertCompanyVisible(ctx.db, actor, q.companyId);
    return { periods, items: (await abcRepo.companyHistory(ctx.db, { companyId: q.companyId })).map(toDto), nextCursor: null };
  }
  const latest = periods[periods.length - 1];
  if (!latest) return { periods, items: [], nextCursor: null };
  const previous = periods[periods.length - 2] ?? null;
  const rows = await abcRepo.latestChanges(ctx.db, {
    periodEnd: `${latest}-01`,
    previous: previous ? `${previous}-01` : null,
    afterId: afterRank(q.cursor),
    limit: q.limit,
  });
  // Sorted by company id, so the id itself is the rank the cursor carries.
  const page = pageOf(rows, q.limit, (r) => ({ rank: r.company_id, id: r.company_id }));
  return { periods, items: page.items.map(toDto), nextCursor: page.nextCursor };
}

export async function getCoverage(ctx: AppContext, actor: Actor, q: CoverageQuery): Promise<CoverageReport> {
  assertManagement(actor);
  const today = await ensureFresh(ctx);
  const window = revenueWindow(today);
  const since = addDays(today, -q.interactionDays);
  const r = await coverageRepo.coverage(ctx.db, { ...window, since, minKnowers: q.minKnowers, onlyFlagged: q.onlyFlagged, afterRank: afterRank(q.cursor), limit: q.limit });
  const page = pageOf(r.items, q.limit, (i) => ({ rank: i.rank, id: i.company_id }));
  const s = r.summary;
  return {
    asOf: today,
    window: windowDto(window),
    interactionDays: q.interactionDays,
    minKnowers: q.minKnowers,
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

export async function getDependency(ctx: AppContext, actor: Actor, q: DependencyQuery): Promise<DependencyReport> {
  assertManagement(actor);
  const today = await ensureFresh(ctx);
  const window = revenueWindow(today);
  const r = await coverageRepo.dependency(ctx.db, { ...window, since: addDays(today, -q.interactionDays), afterRank: afterRank(q.cursor), limit: q.limit });
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

export async function getKeyAccounts(ctx: AppContext, actor: Actor, q: KeyAccountsQuery): Promise<KeyAccountsReport> {
  assertPortfolioReader(actor);
  const today = await ensureFresh(ctx);
  const window = revenueWindow(today);
  const [minPotential, offered] = await Promise.all([
    q.minPotential !== undefined ? q.minPotential : keyRepo.defaultMinPotential(ctx.db),
    keyRepo.categoriesOffered(ctx.db),
  ]);
  const rows = await keyRepo.largeClients(ctx.db, { actor, minPotential, ...window });
  const rules = { minPotential, maxShare: q.maxShare, maxBreadth: q.maxBreadth };
  const assessed = rows
    .map((r) => {
      const a = assessKeyAccount(
        {
          potential: r.potential,
          actual: r.revenue,
          categoriesBought: r.categories_bought,
          categoriesOffered: offered,
          holderName: r.holder_name,
          holderRole: r.holder_role,
          keyAccountManagerName: r.kam_name,
        },
        rules,
      );
      return { r, a, untapped: toMinor(r.potential) - toMinor(r.revenue) };
    })
    .filter((x) => !q.onlyCandidates || x.a.candidate)
    // Largest untapped potential first: where a key-account manager would add the most.
    .sort((x, y) => (x.untapped === y.untapped ? x.r.company_id - y.r.company_id : x.untapped > y.untapped ? -1 : 1))
    .map((x, i) => ({ ...x, rank: i + 1 }));
  const start = afterRank(q.cursor);
  const page = pageOf(assessed.slice(start, start + q.limit + 1), q.limit, (x) => ({ rank: x.rank, id: x.r.company_id }));
  return {
    window: windowDto(window),
    minPotential,
    maxShare: q.maxShare,
    maxBreadth: q.maxBreadth,
    categoriesOffered: offered,
    items: page.items.map(({ r, a }) => ({
      companyId: r.company_id,
      companyName: r.company_name,
      potential: r.potential,
      revenue: r.revenue,
      shareOfWallet: a.shareOfWallet,
      categoriesBought: r.categories_bought,
      breadth: a.breadth,
      holderId: r.holder_id,
      holderName: r.holder_name,
      holderRole: r.holder_role,
      keyAccountManagerId: r.kam_id,
      keyAccountManagerName: r.kam_name,
      candidate: a.candidate,
      why: a.why,
    })),
    nextCursor: page.nextCursor,
  };
}
