import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { churnWindows } from '../../domain/analytics/churn.js';
import { DEFAULT_INTERACTION_DAYS } from '../../domain/analytics/coverage.js';
import { addDays, addMonths } from '../../domain/analytics/dates.js';
import { rankInputs, rerankClients, upsertClients } from './clients.repository.js';
import { categoryWords } from './rollup.repository.js';
import { refreshSummary } from './summary.repository.js';

// The per-client snapshot the dashboard reads: figures over the last 12 complete months, who knows
// the client, its churn score, and its ABC rank and class among all clients.

export const lastTwelveMonths = (today: string) => ({ from: addMonths(today, -12), to: addMonths(today, -1) });

/**
 * Rebuilds the snapshot for the given clients (all when omitted). Ranks are relative, so when a
 * client's 12-month revenue, margin or months moved, every client is re-ranked (only rows whose rank
 * or class changed are rewritten); an order dated this month leaves the ranking alone.
 */
export async function rebuildClients(trx: Kysely<DB>, o: { today: string; companyIds?: readonly number[] }) {
  const windows = churnWindows(o.today);
  const window12 = lastTwelveMonths(o.today);
  const features = {
    categoryWords: await categoryWords(trx),
    windows,
    window12,
    since: window12.from,
    companyIds: o.companyIds,
    includeArchived: false,
    knowersSince: addDays(o.today, -DEFAULT_INTERACTION_DAYS),
  };
  const base = { asOf: o.today, activeSince: windows.activeSince, features };
  if (o.companyIds === undefined) {
    await upsertClients(trx, { ...base, withRanks: true });
    await refreshSummary(trx);
    return;
  }
  const before = new Map((await rankInputs(trx, o.companyIds)).map((r) => [r.company_id, r]));
  await upsertClients(trx, { ...base, companyIds: o.companyIds, withRanks: false });
  const after = new Map((await rankInputs(trx, o.companyIds)).map((r) => [r.company_id, r]));
  const moved = o.companyIds.some((id) => {
    const b = before.get(id);
    const a = after.get(id);
    if (!a) return b?.revenue_rank != null;
    return !b || b.revenue !== a.revenue || b.margin !== a.margin || b.months_12m !== a.months_12m || (a.months_12m > 0 && a.revenue_rank === null);
  });
  if (moved) await rerankClients(trx);
  await refreshSummary(trx);
}
