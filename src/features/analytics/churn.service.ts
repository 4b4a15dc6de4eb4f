import type { AppContext } from '../../app-context.js';
import { type Actor, seesAllClients } from '../../domain/actor.js';
import { confusionOf, precisionRecall } from '../../domain/analytics/backtest.js';
import { assessChurn, type ChurnAssessment, type ChurnPattern, churnWindows, DEFAULT_FLAG_SCORE, isFlagged } from '../../domain/analytics/churn.js';
import { addMonths, shiftDate } from '../../domain/analytics/dates.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import { invalidField } from '../../domain/errors.js';
import { afterRank, assertPortfolioReader, pageOf } from './analytics.access.js';
import { type ClientFeatureRow, clientFeatures } from './client-features.repository.js';
import { churnPage } from './dashboard.repository.js';
import { readSummary } from './summary.repository.js';
import { type BacktestReport, backtestQuery, type ChurnRiskItem, type ChurnRiskQuery, type ChurnRiskReport } from './analytics.schema.js';
import * as repo from './churn.repository.js';
import { ensureFresh } from './refresh.service.js';

const PATTERNS: readonly ChurnPattern[] = ['lapsed', 'fading', 'new', 'steady'];

type Features = Omit<ClientFeatureRow, 'revenue_12m' | 'margin_12m' | 'sq_12m' | 'orders_12m' | 'months_12m' | 'categories_12m' | 'knower_ids'>;

const assess = (asOf: string, f: Features): ChurnAssessment =>
  assessChurn({
    asOf,
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

function toItem(f: Features, a: ChurnAssessment, names: { name: string; owner_id: number | null; owner_name: string | null }, flagScore: number): ChurnRiskItem {
  return {
    companyId: f.company_id,
    companyName: names.name,
    ownerId: names.owner_id,
    ownerName: names.owner_name,
    score: a.score,
    pattern: a.pattern,
    flagged: isFlagged(a, flagScore),
    lastOrderOn: f.last_order_on,
    daysSinceLastOrder: a.daysSinceLastOrder,
    expectedIntervalDays: a.expectedIntervalDays,
    overdueRatio: a.overdueRatio,
    revenueRecent: f.revenue_recent,
    revenueYearAgo: f.revenue_year_ago,
    revenueTrend: a.revenueTrend,
    ordersRecent: f.orders_recent,
    ordersYearAgo: f.orders_year_ago,
    ordersTrend: a.ordersTrend,
    categoriesRecent: f.categories_recent,
    categoriesYearAgo: f.categories_year_ago,
    reasons: a.reasons,
  };
}

/**
 * The clients most likely to stop ordering, highest score first. "Today" reads the stored
 * snapshot (kept current by ensureFresh); another date is computed from the history on the spot.
 */
export async function getChurnRisk(ctx: AppContext, actor: Actor, q: ChurnRiskQuery): Promise<ChurnRiskReport> {
  assertPortfolioReader(actor);
  const today = await ensureFresh(ctx);
  const asOf = q.asOf ?? today;
  if (asOf > today) throw invalidField('asOf', `must not be after today (${today})`);
  if (asOf !== today) return churnRiskAsOf(ctx, actor, q, asOf);
  let after: { score: number; id: number } | null = null;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c || typeof c.v !== 'number') throw invalidField('cursor', 'is not a cursor this API produced');
    after = { score: c.v, id: c.id };
  }
  const everyone = seesAllClients(actor);
  const r = await churnPage(ctx.db, { actor, flagScore: q.flagScore, onlyFlagged: q.onlyFlagged, pattern: q.pattern, after, limit: q.limit, withSummary: !everyone });
  const items = r.items.slice(0, q.limit);
  const last = items[items.length - 1];
  const { total, flagged, ...byPattern } = r.summary ?? summaryOf((await readSummary(ctx.db)).churn, q.flagScore);
  return {
    asOf,
    flagScore: q.flagScore,
    summary: { activeClients: total, flagged, byPattern },
    items: items.map((i) => toItem(i, assess(asOf, i), { name: i.company_name, owner_id: i.owner_id, owner_name: i.owner_name }, q.flagScore)),
    nextCursor: r.items.length > q.limit && last ? encodeCursor({ v: last.score, id: last.company_id }) : null,
  };
}

/** Totals for any flag score from the stored histogram of (pattern, score). */
function summaryOf(histogram: { pattern: ChurnPattern; score: number; clients: number }[], flagScore: number) {
  const out = { total: 0, flagged: 0, lapsed: 0, fading: 0, new: 0, steady: 0 };
  for (const h of histogram) {
    out.total += h.clients;
    out[h.pattern] += h.clients;
    if (isFlagged(h, flagScore)) out.flagged += h.clients;
  }
  return out;
}

const featuresAsOf = (ctx: AppContext, asOf: string, o: { includeArchived: boolean; actor?: Actor }) => {
  const windows = churnWindows(asOf);
  return clientFeatures(ctx.db, { windows, window12: { from: addMonths(asOf, -12), to: addMonths(asOf, -1) }, since: windows.activeSince, ...o });
};

async function churnRiskAsOf(ctx: AppContext, actor: Actor, q: ChurnRiskQuery, asOf: string): Promise<ChurnRiskReport> {
  const features = await featuresAsOf(ctx, asOf, { includeArchived: false, actor });
  const scored = features.map((f) => ({ f, a: assess(asOf, f) }));
  const byPattern = { lapsed: 0, fading: 0, new: 0, steady: 0 };
  for (const s of scored) byPattern[s.a.pattern]++;
  const listed = scored
    .filter((s) => (!q.onlyFlagged || isFlagged(s.a, q.flagScore)) && (!q.pattern || s.a.pattern === q.pattern))
    .sort((x, y) => y.a.score - x.a.score || x.f.company_id - y.f.company_id)
    .map((s, i) => ({ ...s, rank: i + 1 }));
  const start = afterRank(q.cursor);
  const page = pageOf(listed.slice(start, start + q.limit + 1), q.limit, (s) => ({ rank: s.rank, id: s.f.company_id }));
  const names = await repo.companyNames(ctx.db, page.items.map((s) => s.f.company_id));
  return {
    asOf,
    flagScore: q.flagScore,
    summary: { activeClients: scored.length, flagged: scored.filter((s) => isFlagged(s.a, q.flagScore)).length, byPattern },
    items: page.items.map((s) => toItem(s.f, s.a, names.get(s.f.company_id) ?? { name: '', owner_id: null, owner_name: null }, q.flagScore)),
    nextCursor: page.nextCursor,
  };
}

export type BacktestOptions = { asOf: string; horizonMonths: number; flagScore?: number; examples?: number };

/**
 * "As of D, whom would we have flagged, and who actually stopped ordering in the next N months":
 * the rules scored on the history up to D only, compared with what happened after D. For the
 * API and the CLI (`holdfast backtest --as-of YYYY-MM-DD`).
 */
export async function runBacktest(ctx: AppContext, options: BacktestOptions): Promise<BacktestReport> {
  // The CLI passes raw strings and numbers: the same validation as the API.
  const parsed = backtestQuery.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidField(String(issue?.path[0] ?? 'asOf'), issue?.message ?? 'is invalid');
  }
  const { asOf, horizonMonths } = parsed.data;
  const flagScore = options.flagScore ?? DEFAULT_FLAG_SCORE;
  const today = await ensureFresh(ctx);
  const horizonEnd = shiftDate(asOf, horizonMonths);
  if (horizonEnd > today) {
    throw invalidField('asOf', `the ${horizonMonths}-month horizon after ${asOf} ends ${horizonEnd}, after today (${today}); pick an earlier date`);
  }
  // Archived clients stay in: being archived later is part of what happened after D.
  const features = await featuresAsOf(ctx, asOf, { includeArchived: true });
  const stillOrdering = await repo.companiesOrderingBetween(ctx.db, { after: asOf, until: horizonEnd });
  const rows = features.map((f) => {
    const a = assess(asOf, f);
    return { id: f.company_id, a, flagged: isFlagged(a, flagScore), churned: !stillOrdering.has(f.company_id) };
  });
  const confusion = confusionOf(rows);
  const examples = rows
    .filter((r) => r.flagged)
    .sort((x, y) => y.a.score - x.a.score || x.id - y.id)
    .slice(0, options.examples ?? 20);
  const names = await repo.companyNames(ctx.db, examples.map((e) => e.id));
  return {
    asOf,
    horizonMonths,
    horizonEnd,
    flagScore,
    activeClients: rows.length,
    flagged: confusion.truePositives + confusion.falsePositives,
    churned: confusion.truePositives + confusion.falseNegatives,
    ...confusion,
    ...precisionRecall(confusion),
    byPattern: PATTERNS.map((pattern) => {
      const of = rows.filter((r) => r.a.pattern === pattern);
      return { pattern, clients: of.length, flagged: of.filter((r) => r.flagged).length, churned: of.filter((r) => r.churned).length };
    }),
    examples: examples.map((e) => ({
      companyId: e.id,
      companyName: names.get(e.id)?.name ?? '',
      score: e.a.score,
      pattern: e.a.pattern,
      churned: e.churned,
      reasons: e.a.reasons.filter((r) => r.points > 0).map((r) => r.text),
    })),
  };
}
