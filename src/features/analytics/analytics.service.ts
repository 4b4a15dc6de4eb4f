import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { assessKeyAccount } from '../../domain/analytics/key-accounts.js';
import { toMinor } from '../../domain/money.js';
import { afterRank, assertManagement, assertPortfolioReader, pageOf, revenueWindow, windowDto } from './analytics.access.js';
import type { BacktestQuery, BacktestReport, KeyAccountsQuery, KeyAccountsReport } from './analytics.schema.js';
import { runBacktest } from './churn.service.js';
import * as keyRepo from './key-accounts.repository.js';
import { ensureFresh, recomputeAll } from './refresh.service.js';

// The analytics use cases. ABC lives in abc.service, coverage and dependency in coverage.service,
// churn risk and the backtest in churn.service; this module is the one the routes and CLI import.
export { getAbc, getAbcHistory } from './abc.service.js';
export { getCoverage, getDependency } from './coverage.service.js';
export { getChurnRisk, runBacktest } from './churn.service.js';

/** The backtest through the API: management only (the CLI calls runBacktest directly). */
export async function backtestFor(ctx: AppContext, actor: Actor, q: BacktestQuery): Promise<BacktestReport> {
  assertManagement(actor);
  return runBacktest(ctx, q);
}

export async function refreshFor(ctx: AppContext, actor: Actor) {
  assertManagement(actor);
  const t = await recomputeAll(ctx);
  return { rollupMs: Math.round(t.rollupMs), historyMs: Math.round(t.historyMs), clientsMs: Math.round(t.clientsMs) };
}

/** Large clients we serve far below their potential and no key-account manager holds, with why. */
export async function getKeyAccounts(ctx: AppContext, actor: Actor, q: KeyAccountsQuery): Promise<KeyAccountsReport> {
  assertPortfolioReader(actor);
  const today = await ensureFresh(ctx);
  const [minPotential, offered] = await Promise.all([
    q.minPotential !== undefined ? q.minPotential : keyRepo.defaultMinPotential(ctx.db),
    keyRepo.categoriesOffered(ctx.db),
  ]);
  const candidatesLike = q.onlyCandidates ? { maxShare: q.maxShare, maxBreadth: q.maxBreadth, offered } : undefined;
  const rows = await keyRepo.largeClients(ctx.db, { actor, minPotential, candidatesLike });
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
    window: windowDto(revenueWindow(today)),
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
