// bench/analytics: recompute every analytics read model from scratch against the floor (one plain
// SQL aggregate over the same order lines), dashboard latency through HTTP, the incremental refresh
// after one order, and the backtest; on PostgreSQL (100k clients, 10M lines) and PGlite (1M lines).
// Env: BENCH_ANALYTICS_LINES (PostgreSQL scale, default 10000000), BENCH_ANALYTICS_CLIENTS (default
// lines / 100), BENCH_ANALYTICS_PGLITE_LINES (default 1000000), BENCH_ANALYTICS_ENGINES=postgres,pglite,
// BENCH_ANALYTICS_RUNS (default 3), BENCH_ANALYTICS_FRESH=1 (regenerate), BENCH_PG_URL (an admin URL),
// BENCH_ANALYTICS_DEMO_CLIENTS (the demo company for planted situations and the backtest; default 2000, 0 skips).
import { sql } from 'kysely';
import type { AppContext } from '../../src/app-context.js';
import { addMonths } from '../../src/domain/analytics/dates.js';
import { createApiToken } from '../../src/features/auth/auth.service.js';
import { runBacktest } from '../../src/features/analytics/analytics.service.js';
import { ensureFresh, recomputeAll, resetReadModels } from '../../src/features/analytics/refresh.service.js';
import { perMonthSelect, refreshRollups } from '../../src/features/analytics/rollup.repository.js';
import { buildApp } from '../../src/http/server.js';
import { openBenchDatabase, type Scale } from './database.js';
import { demoBacktest } from './demo-backtest.js';

const log = (m: string) => console.log(m);
const s = (ms: number) => (ms / 1000).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

// The floor: the plainest aggregate a person would write for "revenue per client per month",
// kept on the server (CREATE TEMP TABLE AS, as the rollup keeps its result) so shipping 800k rows to
// the client does not pad it; the same query returned to the application and a bare sum for reference.
const floorQuery = sql`SELECT o.company_id, date_trunc('month', o.ordered_on) AS month, sum(l.quantity * l.price) AS revenue
  FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2`;
const bareSum = sql`SELECT sum(quantity * price) FROM order_lines`;
const serverFloor = (ctx: AppContext) =>
  ctx.db.connection().execute(async (c) => {
    await sql`CREATE TEMP TABLE bench_floor AS ${floorQuery}`.execute(c);
    await sql`DROP TABLE bench_floor`.execute(c);
  });

async function explain(ctx: AppContext, label: string, q: ReturnType<typeof sql>) {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${q}`.execute(ctx.db);
  const plan = rows.map((r) => r['QUERY PLAN']);
  log(`\nEXPLAIN ANALYZE ${label}:\n${plan.map((l) => `    ${l}`).join('\n')}`);
}

async function benchEngine(kind: 'postgres' | 'pglite', scale: Scale, runs: number) {
  log(`\n--- ${kind}: ${scale.clients} clients, ${scale.lines} order lines ---`);
  const { ctx, close } = await openBenchDatabase(kind, scale, log);
  const counts = (await sql<{ lines: number; orders: number; activities: number }>`
    SELECT (SELECT count(*) FROM order_lines)::int AS lines, (SELECT count(*) FROM orders)::int AS orders,
           (SELECT count(*) FROM activities)::int AS activities`.execute(ctx.db)).rows[0];
  log(`rows: ${JSON.stringify(counts)}`);

  // Floor and full recompute interleaved, so both see the same machine load.
  const floors: number[] = [];
  const returned: number[] = [];
  const bare: number[] = [];
  const full: { total: number; rollup: number; history: number; scores: number }[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push((await timed(() => serverFloor(ctx)))[0]);
    returned.push((await timed(() => floorQuery.execute(ctx.db)))[0]);
    bare.push((await timed(() => bareSum.execute(ctx.db)))[0]);
    await resetReadModels(ctx);
    const [total, t] = await timed(() => recomputeAll(ctx));
    full.push({ total, rollup: t.rollupMs, history: t.historyMs, scores: t.clientsMs });
    log(`  run ${i + 1}: floor ${s(floors[i]!)} s (returned ${s(returned[i]!)} s, bare sum ${s(bare[i]!)} s), recompute ${s(total)} s (${t.passMs === undefined ? '' : `pass ${s(t.passMs)}, `}rollup ${s(t.rollupMs)}, history ${s(t.historyMs)}, clients ${s(t.clientsMs)})`);
  }
  const floor = median(floors);
  const recompute = median(full.map((f) => f.total));
  const rollupOnly = median(full.map((f) => f.rollup));

  const { rows: cats } = await sql<{ id: number }>`SELECT id FROM product_categories ORDER BY id`.execute(ctx.db);
  await explain(ctx, 'floor', floorQuery);
  await explain(ctx, 'rollup pass over the lines (the SELECT the full refresh stages)', perMonthSelect(cats.map((c) => c.id), undefined));

  // Dashboard reads through HTTP as a director, and churn risk as an account manager.
  const app = await buildApp(ctx);
  const director = await ctx.db.selectFrom('employees').select('id').where('role', '=', 'director').orderBy('id').executeTakeFirstOrThrow();
  const manager = await ctx.db.selectFrom('employees').select('id').where('role', '=', 'account_manager').orderBy('id').executeTakeFirstOrThrow();
  const auth = async (employeeId: number) => ({ authorization: `Bearer ${(await createApiToken(ctx, { employeeId, name: 'bench' })).token}` });
  const [dirHeaders, amHeaders] = [await auth(director.id), await auth(manager.id)];
  const bigClient = (await sql<{ id: number }>`SELECT company_id AS id FROM analytics_company_months GROUP BY 1 ORDER BY sum(revenue) DESC LIMIT 1`.execute(ctx.db)).rows[0]!.id;
  const endpoints: [string, string, Record<string, string>][] = [
    ['ABC/XYZ, last 12 months', '/api/v1/analytics/abc', dirHeaders],
    ['ABC by margin, 24 months (ranking kept: pages, filters, coming back)', `/api/v1/analytics/abc?measure=margin&from=${addMonths((await sql<{ d: string }>`SELECT current_date::text AS d`.execute(ctx.db)).rows[0]!.d, -24).slice(0, 7)}`, dirHeaders],
    ['class history of a client', `/api/v1/analytics/abc/history?companyId=${bigClient}`, dirHeaders],
    ['class changes, latest quarter', '/api/v1/analytics/abc/history', dirHeaders],
    ['coverage', '/api/v1/analytics/coverage', dirHeaders],
    ['dependency (walk-away)', '/api/v1/analytics/dependency', dirHeaders],
    ['key-account candidates', '/api/v1/analytics/key-accounts', dirHeaders],
    ['churn risk', '/api/v1/analytics/churn-risk', dirHeaders],
    ['churn risk, account manager', '/api/v1/analytics/churn-risk', amHeaders],
  ];
  const latency: [string, number, number][] = [];
  for (const [label, url, headers] of endpoints) {
    const res = await app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push((await timed(() => app.inject({ method: 'GET', url, headers })))[0]);
    latency.push([label, median(times), Math.max(...times)]);
  }
  // A chosen period classified from nothing: each call other thresholds, so no kept ranking is reused.
  const cold: number[] = [];
  for (let i = 0; i < 7; i++) {
    const url = `${endpoints[1]![1]}&a=${(79.9 - i / 10).toFixed(1)}&b=${(15.1 + i / 10).toFixed(1)}&c=5`;
    const [ms, res] = await timed(() => app.inject({ method: 'GET', url, headers: dirHeaders }));
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    cold.push(ms);
  }
  latency.splice(2, 0, ['ABC by margin, 24 months, first request (new thresholds each time)', median(cold), Math.max(...cold)]);
  await app.close();

  // One order written by a path that did not refresh: the next read catches up for that client.
  const { rows: today } = await sql<{ d: string }>`SELECT current_date::text AS d`.execute(ctx.db);
  const product = (await sql<{ id: number; price: string }>`SELECT id, list_price::text AS price FROM products ORDER BY id LIMIT 1`.execute(ctx.db)).rows[0]!;
  const order = (await sql<{ id: number }>`INSERT INTO orders (company_id, number, ordered_on, status, total)
    VALUES (${bigClient}, 'BENCH-INC', ${today[0]!.d}::date, 'completed', ${product.price}) RETURNING id`.execute(ctx.db)).rows[0]!;
  await sql`INSERT INTO order_lines (order_id, line_no, product_id, quantity, price, cost) VALUES (${order.id}, 1, ${product.id}, 1, ${product.price}, 0)`.execute(ctx.db);
  const [oneRollup] = await timed(() => refreshRollups(ctx.db, { companyIds: [bigClient] }));
  const [catchUp] = await timed(() => ensureFresh(ctx));
  await sql`UPDATE orders SET archived_at = now(), updated_at = now() WHERE id = ${order.id}`.execute(ctx.db);
  await ensureFresh(ctx);

  const backtestAsOf = addMonths(today[0]!.d, -7);
  const [backtestMs, bt] = await timed(() => runBacktest(ctx, { asOf: backtestAsOf, horizonMonths: 6 }));
  await close();

  log(`\n| ${kind} ${scale.clients} clients / ${scale.lines} lines | median of ${runs} |\n| --- | ---: |`);
  log(`| floor: plain aggregate per client and month, kept on the server | ${s(floor)} s |`);
  log(`| the same aggregate returned to the application | ${s(median(returned))} s |`);
  log(`| bare sum over the lines | ${s(median(bare))} s |`);
  log(`| recompute everything from scratch | ${s(recompute)} s (${(recompute / floor).toFixed(2)}x floor) |`);
  // each recompute against the floor measured just before it: drifts between runs cancel, noise within a run does not
  const paired = full.map((f, i) => f.total / floors[i]!);
  log(`| each run's recompute / its own floor: median (runs) | ${median(paired).toFixed(2)}x (${paired.map((r) => r.toFixed(2)).join(', ')}) |`);
  log(`| of which the rollup (the pass over the lines) | ${s(rollupOnly)} s (${(rollupOnly / floor).toFixed(2)}x floor) |`);
  // on PostgreSQL the history runs beside the snapshot, both after the rollup (refresh.service.ts recomputeAll)
  log(`|   rollup / class history / client snapshot${kind === 'postgres' ? ' (the last two side by side)' : ''} | ${s(median(full.map((f) => f.rollup)))} / ${s(median(full.map((f) => f.history)))} / ${s(median(full.map((f) => f.scores)))} s |`);
  log(`| one client's rollup after an order | ${oneRollup.toFixed(1)} ms |`);
  log(`| catch-up on the next read (rollup + rescore of that client) | ${catchUp.toFixed(1)} ms |`);
  log(`| backtest as of ${backtestAsOf}, 6 months | ${s(backtestMs)} s (precision ${bt.precision?.toFixed(2)}, recall ${bt.recall?.toFixed(2)}) |`);
  log(`\n| endpoint (${kind}) | median ms | max ms |\n| --- | ---: | ---: |`);
  for (const [label, med, max] of latency) log(`| ${label} | ${med.toFixed(1)} | ${max.toFixed(1)} |`);
}

export async function run() {
  const lines = Number(process.env.BENCH_ANALYTICS_LINES ?? 10_000_000);
  const clients = Number(process.env.BENCH_ANALYTICS_CLIENTS ?? Math.round(lines / 100));
  const pgliteLines = Number(process.env.BENCH_ANALYTICS_PGLITE_LINES ?? 1_000_000);
  const runs = Number(process.env.BENCH_ANALYTICS_RUNS ?? 3);
  const engines = (process.env.BENCH_ANALYTICS_ENGINES ?? 'postgres,pglite').split(',');
  const demoClients = Number(process.env.BENCH_ANALYTICS_DEMO_CLIENTS ?? 2000);
  if (demoClients > 0) await demoBacktest({ clients: demoClients, seed: 42, log });
  if (engines.includes('postgres')) await benchEngine('postgres', { clients, lines }, runs);
  if (engines.includes('pglite')) await benchEngine('pglite', { clients: Math.round(pgliteLines / 100), lines: pgliteLines }, runs);
}
