import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { type Generated, generateClients } from './generate.js';

// A benchmark database per engine and scale. Loading a million clients takes minutes, so a
// PostgreSQL database is kept between runs (named by scale and seed) and reused when complete.
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED = 20261122;

export type BenchDb = { ctx: AppContext; data: Generated; close: () => Promise<void> };

// The search indexes take rows one at a time (no pending list, see the search migrations); for a
// bulk load they get a pending list that is merged in large batches, then go back to normal. The
// list is read from the catalogue, so an index a later migration adds or renames is not missed.
async function bulkLoad(ctx: AppContext, companies: number, sampleEvery: number, log: (m: string) => void) {
  const gin = (
    await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_am am on am.oid = c.relam
      where c.relkind = 'i' and am.amname = 'gin' and c.relnamespace = 'public'::regnamespace and 'fastupdate=off' = any (c.reloptions)
      order by 1`.execute(ctx.db)
  ).rows.map((r) => r.name);
  for (const index of gin) await sql`alter index ${sql.id(index)} set (fastupdate = on)`.execute(ctx.db);
  const data = await generateClients(ctx, { companies, seed: SEED, sampleEvery, log });
  await sql`vacuum analyze`.execute(ctx.db);
  for (const index of gin) await sql`alter index ${sql.id(index)} set (fastupdate = off)`.execute(ctx.db);
  return data;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export async function openBenchDatabase(kind: 'pglite' | 'postgres', companies: number, log: (m: string) => void): Promise<BenchDb> {
  const sampleEvery = Math.max(1, Math.floor(companies / 20_000));
  const config = loadConfig({});
  if (kind === 'pglite') {
    const database = await connectDatabase({});
    const ctx: AppContext = { db: database.db, database, config };
    await migrateToLatest(database.db);
    log(`loading ${companies} companies into in-memory PGlite`);
    const data = await bulkLoad(ctx, companies, sampleEvery, log);
    return { ctx, data, close: () => database.close() };
  }
  const name = `hf_bench_search_${companies}_${SEED}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const sampleFile = path.join(process.env.TMPDIR ?? '/tmp', `${name}.json`);
  const exists = await withAdmin(async (a) => (await a.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists && fs.existsSync(sampleFile)) {
    log(`reusing ${name}`);
    const database = await connectDatabase({ databaseUrl: url.toString() });
    await migrateToLatest(database.db);
    const data = JSON.parse(fs.readFileSync(sampleFile, 'utf8')) as Generated;
    return { ctx: { db: database.db, database, config }, data, close: () => database.close() };
  }
  await withAdmin(async (a) => {
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.query(`CREATE DATABASE ${name}`);
  });
  const database = await connectDatabase({ databaseUrl: url.toString() });
  const ctx: AppContext = { db: database.db, database, config };
  await migrateToLatest(database.db);
  log(`loading ${companies} companies into PostgreSQL ${name}`);
  const data = await bulkLoad(ctx, companies, sampleEvery, log);
  fs.writeFileSync(sampleFile, JSON.stringify(data));
  return { ctx, data, close: () => database.close() };
}
