// Demo generator throughput: BENCH_DEMO_CLIENTS clients (default 100k, ~2M order lines) over two
// years, loaded into PGlite (filesystem storage in a temp dir) and into a throwaway PostgreSQL
// database. Prints each phase's time, rows per second per table (COPY time) and peak RSS.
// `npm run bench -- demo`; BENCH_DEMO_DB=pglite|postgres runs one of the two.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { type DemoSummary, generateDemo } from '../../src/features/demo/demo.service.js';

const ADMIN_URL = process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLIENTS = Number(process.env.BENCH_DEMO_CLIENTS ?? 100_000);
const YEARS = 2;
const SEED = 1;
const TODAY = '2026-11-20';

type Target = { name: 'pglite' | 'postgres'; open: () => Promise<{ database: Database; drop: () => Promise<void> }> };

const targets: Target[] = [
  {
    name: 'pglite',
    async open() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-demo-'));
      const database = await connectDatabase({ dataDir });
      return { database, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async open() {
      const name = `hf_bench_demo_${randomBytes(4).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      const database = await connectDatabase({ databaseUrl: url.toString() });
      return { database, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
  },
];

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
const rate = (rows: number, ms: number) => (ms > 0 ? Math.round(rows / (ms / 1000)).toLocaleString('en-US') : '-').padStart(10);

function report(name: string, summary: DemoSummary, wallMs: number, migrateMs: number, peakRss: number) {
  const { phases, copy } = summary.timings;
  const totalRows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`\n${name}: ${summary.clients.toLocaleString('en-US')} clients, ${summary.years} years, seed ${summary.seed}`);
  console.log(`  migrate ${seconds(migrateMs)} s`);
  for (const [phase, ms] of Object.entries(phases)) console.log(`  ${phase.padEnd(10)}${seconds(ms)} s`);
  console.log('  table                     rows   COPY s   rows/s (COPY)');
  for (const [table, rows] of Object.entries(summary.rows)) {
    const ms = copy[table as keyof typeof copy];
    console.log(`  ${table.padEnd(20)}${rows.toLocaleString('en-US').padStart(11)}${seconds(ms)}${rate(rows, ms)}`);
  }
  console.log(`  total rows ${totalRows.toLocaleString('en-US')} in ${seconds(wallMs)} s wall = ${rate(totalRows, wallMs).trim()} rows/s end to end`);
  const processPeak = process.resourceUsage().maxRSS / 1024;
  console.log(`  peak RSS ${Math.round(peakRss / 1024 / 1024)} MB sampled during this run, ${Math.round(processPeak)} MB process maximum so far (PGlite runs inside the process, PostgreSQL does not)`);
  console.log(`  planted: ${summary.planted.singleKnower.count} single-knower, ${summary.planted.narrowWallet.count} narrow-wallet, ${summary.planted.fading.count} fading; ${summary.planted.dominantManager.email} holds ${(summary.planted.dominantManager.revenueShare * 100).toFixed(1)}% of revenue`);
}

export async function run(): Promise<void> {
  const only = process.env.BENCH_DEMO_DB;
  for (const target of targets.filter((t) => !only || t.name === only)) {
    const { database, drop } = await target.open();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    try {
      const migrateStarted = performance.now();
      await migrateToLatest(database.db);
      const migrateMs = performance.now() - migrateStarted;
      const ctx = { db: database.db, database, config: loadConfig({}) };
      const started = performance.now();
      let lastPhase = '';
      const summary = await generateDemo(ctx, {
        seed: SEED,
        clients: CLIENTS,
        years: YEARS,
        today: TODAY,
        onProgress: (p) => {
          if (p.phase !== lastPhase) process.stdout.write(`\n  [${target.name}] ${(lastPhase = p.phase)} `);
          else if (p.phase === 'clients' && p.done % 20_000 === 0) process.stdout.write(`${p.done / 1000}k `);
        },
      });
      const wallMs = performance.now() - started;
      peak = Math.max(peak, process.memoryUsage().rss);
      report(target.name, summary, wallMs, migrateMs, peak);
    } finally {
      clearInterval(sampler);
      await database.close();
      await drop();
    }
  }
}
