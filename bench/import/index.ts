// bench/import: a generated orders CSV (Russian headers, semicolons, decimal commas, dd.mm.yyyy)
// imported through the real pipeline (stream -> validate -> COPY into staging -> set-based merge
// in one transaction), then imported again (every order updated, nothing duplicated).
// PostgreSQL: 1M lines; PGlite: 100k lines. Wall time, rows/s and resident memory sampled during
// the run (peak and at each quarter of the file) show that memory stays flat.
// Env: BENCH_IMPORT_LINES (PostgreSQL, default 1000000), BENCH_IMPORT_PGLITE_LINES (default 100000),
// BENCH_IMPORT_ENGINES=postgres,pglite, BENCH_PG_URL (an admin URL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { innWithCheckDigits } from '../../src/domain/inn.js';
import type { ImportProgress } from '../../src/features/import/import.schema.js';
import { getImport, startImport } from '../../src/features/import/import.service.js';

const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LINES_PER_ORDER = 10;
const mb = (bytes: number) => (bytes / 1048576).toFixed(0);

/** Writes `lines` order lines: ~lines/10 orders over 5,000 clients and 2,000 products, kopecks exact. */
async function generateCsv(file: string, lines: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('\uFEFFНомер;Дата;ИНН;Контрагент;Артикул;Товар;Кол-во;Цена;Сумма\r\n');
  const clients = Array.from({ length: 5000 }, (_, i) => ({ inn: innWithCheckDigits(String(500_000_000 + i * 7)), name: `ООО «Клиент ${i + 1}»` }));
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let chunk: string[] = [];
  for (let line = 0; line < lines; line++) {
    const order = Math.floor(line / LINES_PER_ORDER);
    const c = clients[order % clients.length]!;
    const day = new Date(Date.UTC(2021, 0, 1) + (order % 1095) * 86400000);
    const date = `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`;
    const p = rand(2000);
    const priceKop = 1000 + p * 137;
    const qty = 1 + rand(50);
    const amount = priceKop * qty;
    const money = (k: number) => `${Math.floor(k / 100)},${String(k % 100).padStart(2, '0')}`;
    chunk.push(`ЗК-${order + 1};${date};${c.inn};${c.name};SKU-${p};Товар номер ${p};${qty};${money(priceKop)};${money(amount)}\r\n`);
    if (chunk.length === 10_000) {
      await write(chunk.join(''));
      chunk = [];
    }
  }
  await write(chunk.join(''));
  await new Promise<void>((r) => out.end(r));
  return fs.statSync(file).size;
}

type Run = { seconds: number; peakRss: number; quarters: number[]; job: Awaited<ReturnType<typeof getImport>>; stagedSeconds: number };

async function timedImport(ctx: AppContext, file: string): Promise<Run> {
  let peakRss = process.memoryUsage.rss();
  const quarters: number[] = [];
  let stagedAt = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const t0 = performance.now();
  const onProgress = (p: ImportProgress) => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    while (p.phase === 'reading' && p.bytesRead >= ((quarters.length + 1) * p.totalBytes) / 4 && quarters.length < 3) quarters.push(rss);
    if (p.phase === 'merging' && !stagedAt) stagedAt = performance.now();
  };
  try {
    const { id, done } = await startImport(ctx, null, { type: 'orders', dryRun: false, filePath: file, onProgress });
    await done;
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, peakRss, quarters, job: await getImport(ctx, null, id), stagedSeconds: (stagedAt - t0) / 1000 };
  } finally {
    clearInterval(sampler);
  }
}

async function openEngine(kind: 'postgres' | 'pglite'): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    // The embedded default keeps its data in a folder; a temporary one here.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-import-'));
    const database = await connectDatabase({ dataDir: dir });
    return { database, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `hf_bench_import_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await connectDatabase({ databaseUrl: url.toString() });
  return {
    database,
    drop: async () => {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function bench(kind: 'postgres' | 'pglite', lines: number) {
  const file = path.join(os.tmpdir(), `hf-bench-import-${lines}.csv`);
  const size = await generateCsv(file, lines);
  console.log(`\n${kind}: ${lines.toLocaleString('en')} order lines, ${mb(size)} MB CSV`);
  const { database, drop } = await openEngine(kind);
  const ctx: AppContext = { db: database.db, database, config: loadConfig({}) };
  try {
    await migrateToLatest(database.db);
    const baseline = process.memoryUsage.rss();
    const first = await timedImport(ctx, file);
    const second = await timedImport(ctx, file);
    const total = Number((await ctx.db.selectFrom('order_lines').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const orders = Number((await ctx.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    console.log('| run | status | time | staged after | lines/s | peak RSS | RSS at 25/50/75% of the file | result |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const [label, r] of [['first import', first], ['re-import', second]] as const) {
      const o = r.job.counts.orders ?? {};
      console.log(
        `| ${label} | ${r.job.status} | ${r.seconds.toFixed(1)} s | ${r.stagedSeconds.toFixed(1)} s | ${Math.round(lines / r.seconds).toLocaleString('en')} | ${mb(r.peakRss)} MB | ${r.quarters.map(mb).join(' / ')} MB | ${o.created ?? 0} orders created, ${o.updated ?? 0} updated, ${r.job.rowsFailed} bad rows |`,
      );
    }
    console.log(`baseline RSS before the imports: ${mb(baseline)} MB; after both: ${orders.toLocaleString('en')} orders, ${total.toLocaleString('en')} lines in the database`);
    if (first.job.error || second.job.error) console.log(`errors: ${first.job.error ?? ''} ${second.job.error ?? ''}`);
  } finally {
    await database.close();
    await drop();
    fs.rmSync(file, { force: true });
  }
}

export async function run(): Promise<void> {
  const engines = (process.env.BENCH_IMPORT_ENGINES ?? 'postgres,pglite').split(',');
  if (engines.includes('postgres')) await bench('postgres', Number(process.env.BENCH_IMPORT_LINES ?? 1_000_000));
  if (engines.includes('pglite')) await bench('pglite', Number(process.env.BENCH_IMPORT_PGLITE_LINES ?? 100_000));
}
