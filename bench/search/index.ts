// bench/search: search quality on demo-sized data, then search and dossier latency through HTTP
// and straight SQL on PostgreSQL (1M companies / 3M contacts) and on PGlite (100k companies).
// Env: BENCH_SEARCH_COMPANIES (PostgreSQL scale), BENCH_SEARCH_PGLITE_COMPANIES, BENCH_SEARCH_QUERIES,
// BENCH_SEARCH_QUALITY_CLIENTS (0 skips the quality set), BENCH_SEARCH_ENGINES=postgres,pglite, BENCH_PG_URL (an admin URL).
import os from 'node:os';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { insertSession } from '../../src/features/auth/auth.repository.js';
import { authenticate, createApiToken } from '../../src/features/auth/auth.service.js';
import { CSRF_COOKIE, csrfTokenFor, hashSecret, newSecret, SESSION_COOKIE } from '../../src/features/auth/tokens.js';
import { buildApp } from '../../src/http/server.js';
import { openBenchDatabase } from './database.js';
import { loadClient } from './http-client.js';
import { backendCpu, directDossier, directSearch, mixedQueries, runConcurrent, type Stats, stats } from './latency.js';
import { buildQualitySet, loadDemoData } from './quality.js';

const CONCURRENCY = 8;
const WARM_PASSES = 2;
const log = (m: string) => console.log(m);
const ms = (v: number) => v.toFixed(1);

async function quality(clients: number) {
  const database = await connectDatabase({});
  const ctx: AppContext = { db: database.db, database, config: loadConfig({}) };
  await migrateToLatest(database.db);
  const source = await loadDemoData(ctx, clients, log);
  const set = await buildQualitySet(ctx);
  const app = await buildApp(ctx);
  const head = await ctx.db.selectFrom('employees').select('id').where('role', 'in', ['head_of_sales', 'director', 'admin']).executeTakeFirstOrThrow();
  const { token } = await createApiToken(ctx, { employeeId: head.id, name: 'bench' });
  const byKind = new Map<string, { n: number; top1: number; top5: number }>();
  const misses: string[] = [];
  for (const item of set) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(item.q)}&limit=20`, headers: { authorization: `Bearer ${token}` } });
    const items = (res.json() as { items: { kind: string; id: number; title: string }[] }).items ?? [];
    const rank = items.findIndex((i) => i.kind === item.target.kind && i.id === item.target.id);
    const k = byKind.get(item.kind) ?? { n: 0, top1: 0, top5: 0 };
    k.n++;
    if (rank === 0) k.top1++;
    if (rank >= 0 && rank < 5) k.top5++;
    byKind.set(item.kind, k);
    if (rank !== 0) misses.push(`  ${item.kind}: "${item.q}" -> rank ${rank < 0 ? 'none' : rank + 1}, top: ${items[0]?.title ?? '-'}`);
  }
  await app.close();
  await database.close();
  const total = [...byKind.values()].reduce((a, b) => ({ n: a.n + b.n, top1: a.top1 + b.top1, top5: a.top5 + b.top5 }), { n: 0, top1: 0, top5: 0 });
  const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)}%`;
  console.log(`\nSearch quality: ${total.n} queries over ${clients} clients from the ${source}`);
  console.log('| kind | queries | top-1 | top-5 |\n| --- | ---: | ---: | ---: |');
  for (const [kind, k] of byKind) console.log(`| ${kind} | ${k.n} | ${pct(k.top1, k.n)} | ${pct(k.top5, k.n)} |`);
  console.log(`| **all** | ${total.n} | **${pct(total.top1, total.n)}** | **${pct(total.top5, total.n)}** |`);
  if (misses.length) console.log(`misses:\n${misses.slice(0, 30).join('\n')}`);
  return { top1: total.top1 / total.n, top5: total.top5 / total.n };
}

async function latency(kind: 'postgres' | 'pglite', companies: number, queryCount: number) {
  const bench = await openBenchDatabase(kind, companies, log);
  const { ctx, data } = bench;
  const counts = await ctx.db
    .selectNoFrom((eb) => [
      eb.selectFrom('companies').select(eb.fn.countAll<number>().as('n')).as('companies'),
      eb.selectFrom('contacts').select(eb.fn.countAll<number>().as('n')).as('contacts'),
    ])
    .executeTakeFirstOrThrow();
  // An operator's browser session (the server checks it through its session cache, as it would a
  // browser's; an API token is read and stamped on every request).
  const operator = await ctx.db.selectFrom('employees').select('id').where('role', '=', 'call_centre').executeTakeFirstOrThrow();
  const session = newSecret('');
  await insertSession(ctx.db, { tokenHash: hashSecret(session), employeeId: operator.id, expiresAt: new Date(Date.now() + 3_600_000) });
  // The same actor the HTTP requests authenticate as, for the direct SQL runs.
  const actor = await authenticate(ctx, { session });
  if (!actor) throw new Error('bench session does not authenticate');
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Both cookies a logged-in browser holds (without hf_csrf every response would re-issue it).
  const headers = { cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrfTokenFor(session)}` };
  // Kept-alive sockets, one per concurrent client, as a browser or a telephony integration would hold
  // them. The client runs on the server's event loop, so it is the cheapest one we have (see
  // http-client.ts): node:http's client cost 0.15-0.2 ms of that loop a request, fetch (undici) more.
  const client = loadClient(base, headers);
  const get = client.get;

  const loadBefore = os.loadavg()[0]?.toFixed(1);
  const queries = mixedQueries(data, queryCount);
  const dossierIds = Array.from({ length: queryCount }, (_, i) => data.companies[(i * 7919) % data.companies.length]!.id);
  log(`warming up (${kind}, ${counts.companies} companies, ${counts.contacts} contacts)`);
  // Both search paths are warmed with the whole mix, twice, before either is measured: a server answers
  // millions of requests, and the first passes through Fastify and zod cost more Node CPU while V8 warms
  // up (2026-11-23: 1.04 against 1.29 ms a request after one pass and after 200 requests; 2026-11-24
  // probe, same process: 1.26, 0.99, 0.93 ms in the second, third and fourth pass, then flat).
  for (let pass = 0; pass < WARM_PASSES; pass++) {
    await runConcurrent(queries, CONCURRENCY, async (q) => void (await directSearch(ctx, actor, q)));
    await runConcurrent(queries, CONCURRENCY, (q) => get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=20`));
  }
  await runConcurrent(dossierIds.slice(0, 200), CONCURRENCY, (id) => get(`/api/v1/companies/${id}/dossier`));

  // CPU per search of this process (server and load client) and of the PostgreSQL backends, and the
  // floor of the HTTP path: an authenticated request that only checks its session (GET /api/v1/auth/me)
  // at the same concurrency.
  const measureCpu = async <T>(run: () => Promise<T>) => {
    const pgSince = await backendCpu(ctx);
    const before = process.cpuUsage();
    const value = await run();
    const node = process.cpuUsage(before);
    const pg = await pgSince();
    return { value, nodeMs: (node.user + node.system) / 1000 / queries.length, pgMs: pg === null ? null : pg / queries.length };
  };
  const http1 = await measureCpu(async () => stats(await runConcurrent(queries, CONCURRENCY, (q) => get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=20`))));
  const sessionOnlyHttp = stats(await runConcurrent(queries, CONCURRENCY, () => get('/api/v1/auth/me')));
  const sql1 = await measureCpu(async () => stats(await runConcurrent(queries, CONCURRENCY, async (q) => void (await directSearch(ctx, actor, q)))));
  const result = {
    searchHttp: http1.value,
    sessionOnlyHttp,
    searchSql: sql1.value,
    dossierHttp: stats(await runConcurrent(dossierIds, CONCURRENCY, (id) => get(`/api/v1/companies/${id}/dossier`))),
    dossierSql: stats(await runConcurrent(dossierIds, CONCURRENCY, async (id) => void (await directDossier(ctx, actor, id)))),
    // One at a time: the time a query itself takes, without waiting for a core or a connection.
    searchSqlSerial: stats(await runConcurrent(queries, 1, async (q) => void (await directSearch(ctx, actor, q)))),
  };
  const sessionStats = { ...app.sessions.stats };
  client.close();
  await app.close();
  await bench.close();
  const row = (name: string, s: Stats) => `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`;
  console.log(`\n${kind}: ${counts.companies} companies, ${counts.contacts} contacts, concurrency ${CONCURRENCY} (ms); load average before: ${loadBefore}, after: ${os.loadavg()[0]?.toFixed(1)}`);
  console.log('| measure | requests | p50 | p95 | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(row('search, HTTP', result.searchHttp));
  console.log(row('floor of the HTTP path: GET /api/v1/auth/me (session check only)', result.sessionOnlyHttp));
  console.log(row('search, same SQL direct', result.searchSql));
  console.log(row('search, same SQL direct, one at a time', result.searchSqlSerial));
  console.log(row('dossier, HTTP', result.dossierHttp));
  console.log(row('dossier, same SQL direct', result.dossierSql));
  const pgCpu = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(2)} ms`);
  console.log(`Node CPU per HTTP search (server and load client, one process): ${http1.nodeMs.toFixed(2)} ms; per direct search: ${sql1.nodeMs.toFixed(2)} ms`);
  console.log(`PostgreSQL backend CPU per search: HTTP ${pgCpu(http1.pgMs)}, direct ${pgCpu(sql1.pgMs)}`);
  console.log(`Session checks from the server's cache: ${sessionStats.hits} hits, ${sessionStats.misses} reads of the database, ${sessionStats.invalidations} invalidations`);
  console.log(`HTTP/SQL median ratio: search ${(result.searchHttp.p50 / result.searchSql.p50).toFixed(2)}, dossier ${(result.dossierHttp.p50 / result.dossierSql.p50).toFixed(2)}`);
  return result;
}

export async function run(): Promise<void> {
  const env = process.env;
  const engines = (env.BENCH_SEARCH_ENGINES ?? 'postgres,pglite').split(',');
  const queryCount = Number(env.BENCH_SEARCH_QUERIES ?? 1200);
  const qualityClients = Number(env.BENCH_SEARCH_QUALITY_CLIENTS ?? 2000);
  if (qualityClients > 0) await quality(qualityClients);
  if (engines.includes('postgres')) await latency('postgres', Number(env.BENCH_SEARCH_COMPANIES ?? 1_000_000), queryCount);
  if (engines.includes('pglite')) await latency('pglite', Number(env.BENCH_SEARCH_PGLITE_COMPANIES ?? 100_000), queryCount);
}
