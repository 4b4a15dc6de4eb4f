import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { generateBenchData } from './generate.js';

// One throwaway database per engine and scale. 10M lines take minutes to generate, so the
// PostgreSQL database is kept between runs (named by scale) and reused unless BENCH_ANALYTICS_FRESH=1.
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BenchDb = { ctx: AppContext; close: () => Promise<void> };
export type Scale = { clients: number; lines: number };

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

async function load(ctx: AppContext, scale: Scale, log: (m: string) => void) {
  const { rows } = await sql<{ d: string }>`SELECT current_date::text AS d`.execute(ctx.db);
  const today = (rows[0] as { d: string }).d;
  log(`generating ${scale.clients} clients and ${scale.lines} order lines (36 months to ${today})`);
  const t = performance.now();
  await generateBenchData(ctx.db, { ...scale, months: 36, today, employees: Math.max(30, Math.round(scale.clients / 330)) }, log);
  log(`  generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

export async function openBenchDatabase(kind: 'pglite' | 'postgres', scale: Scale, log: (m: string) => void): Promise<BenchDb> {
  const config = loadConfig({});
  if (kind === 'pglite') {
    const database = await connectDatabase({});
    const ctx: AppContext = { db: database.db, database, config };
    await migrateToLatest(database.db);
    await load(ctx, scale, log);
    return { ctx, close: () => database.close() };
  }
  const name = `hf_bench_analytics_${scale.clients}_${scale.lines}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const exists = await withAdmin(async (a) => (await a.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists && process.env.BENCH_ANALYTICS_FRESH !== '1') {
    const database = await connectDatabase({ databaseUrl: url.toString() });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM companies`.execute(database.db).catch(() => ({ rows: [{ n: 0 }] }));
    if (rows[0]?.n === scale.clients) {
      log(`reusing ${name}`);
      await migrateToLatest(database.db);
      return { ctx: { db: database.db, database, config }, close: () => database.close() };
    }
    await database.close();
  }
  await withAdmin(async (a) => {
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.query(`CREATE DATABASE ${name}`);
  });
  const database = await connectDatabase({ databaseUrl: url.toString() });
  const ctx: AppContext = { db: database.db, database, config };
  await migrateToLatest(database.db);
  await load(ctx, scale, log);
  return { ctx, close: () => database.close() };
}
