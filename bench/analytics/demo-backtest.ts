import { sql } from 'kysely';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { shiftDate } from '../../src/domain/analytics/dates.js';
import { getChurnRisk, getCoverage, getDependency, getKeyAccounts, runBacktest } from '../../src/features/analytics/analytics.service.js';
import { authenticate, createApiToken } from '../../src/features/auth/auth.service.js';
import { generateDemo } from '../../src/features/demo/demo.service.js';

const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);

// The demo company in PGlite: whether the planted situations are found with default parameters,
// and the churn warning's backtest at several dates (the numbers docs/benchmarks.md quotes).
export async function demoBacktest(o: { clients: number; seed: number; log: (m: string) => void }) {
  const { log } = o;
  const database = await connectDatabase({});
  await migrateToLatest(database.db);
  const ctx: AppContext = { db: database.db, database, config: loadConfig({}) };
  const today = (await sql<{ d: string }>`SELECT current_date::text AS d`.execute(ctx.db)).rows[0]!.d;
  const demo = await generateDemo(ctx, { seed: o.seed, clients: o.clients, years: 3, today });
  const director = await ctx.db.selectFrom('employees').select('id').where('role', '=', 'director').executeTakeFirstOrThrow();
  const actor = await authenticate(ctx, { bearer: (await createApiToken(ctx, { employeeId: director.id, name: 'bench' })).token, session: undefined });
  if (!actor) throw new Error('no director');

  const p = demo.planted;
  const coverage = await getCoverage(ctx, actor, { interactionDays: 180, minKnowers: 2, onlyFlagged: true, limit: 200 });
  const keyAccounts = await getKeyAccounts(ctx, actor, { maxShare: 0.1, maxBreadth: 0.3, onlyCandidates: true, limit: 200 });
  const churn = await getChurnRisk(ctx, actor, { flagScore: 40, onlyFlagged: true, limit: 200 });
  const dependency = await getDependency(ctx, actor, { interactionDays: 180, limit: 5 });
  const found = (ids: { id: number }[], list: { companyId: number }[]) => ids.filter((x) => list.some((i) => i.companyId === x.id)).length;
  const fadingFound = p.fading.examples.filter((x) => churn.items.some((i) => i.companyId === x.id && i.pattern === 'fading')).length;
  log(`\nDemo company (seed ${o.seed}, ${o.clients} clients, 3 years to ${today}): planted situations found with default parameters`);
  log('| planted | found |\n| --- | --- |');
  log(`| big clients known by one person (examples) | ${found(p.singleKnower.examples, coverage.items)} of ${p.singleKnower.examples.length} flagged by /coverage |`);
  log(`| narrow-assortment big client | ${found(p.narrowWallet.examples, keyAccounts.items)} of ${p.narrowWallet.examples.length} in /key-accounts (${keyAccounts.items.length} candidates) |`);
  log(`| fading clients (examples) | ${fadingFound} of ${p.fading.examples.length} flagged "fading" by /churn-risk while ordering |`);
  log(`| manager holding ${pct(p.dominantManager.revenueShare)} of revenue | rank ${dependency.items.findIndex((i) => i.employeeId === p.dominantManager.employeeId) + 1} by walk-away revenue (${pct(dependency.items[0]?.walkAwayShare ?? null)} walk-away, owns ${pct(dependency.items[0]?.ownedShare ?? null)}) |`);
  log(`single-person revenue share: ${pct(coverage.summary.singlePersonShare)}; flagged now: ${churn.summary.flagged} of ${churn.summary.activeClients} active (${JSON.stringify(churn.summary.byPattern)})`);

  log('\n| backtest as of | horizon | active | flagged | stopped ordering | TP | FP | FN | precision | recall | base rate |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const patterns: string[] = [];
  for (const back of [6, 9, 12]) {
    const asOf = shiftDate(today, -back);
    const b = await runBacktest(ctx, { asOf, horizonMonths: 6 });
    log(`| ${asOf} | 6 months | ${b.activeClients} | ${b.flagged} | ${b.churned} | ${b.truePositives} | ${b.falsePositives} | ${b.falseNegatives} | ${pct(b.precision)} | ${pct(b.recall)} | ${pct(b.baseRate)} |`);
    patterns.push(`${asOf}: ${b.byPattern.map((x) => `${x.pattern} ${x.flagged} flagged / ${x.churned} stopped of ${x.clients}`).join('; ')}`);
  }
  log(`by pattern at D:\n${patterns.map((l) => `  ${l}`).join('\n')}`);
  await database.close();
}
