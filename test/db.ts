import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AppContext } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

// A fresh, migrated database per test file: in-memory PGlite by default, or a throwaway database
// on the PostgreSQL server when HOLDFAST_TEST_DB=postgres (CI runs the suite both ways).
const ADMIN_URL = process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestContext = AppContext & { cleanup: () => Promise<void> };

export async function createTestContext(): Promise<TestContext> {
  const config = { ...loadConfig({}), sessionTtlHours: 1 };
  if (process.env.HOLDFAST_TEST_DB !== 'postgres') {
    const database = await connectDatabase({});
    await migrateToLatest(database.db);
    return { db: database.db, database, config, cleanup: () => database.close() };
  }
  const name = `hf_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await connectDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(database.db);
  return {
    db: database.db,
    database,
    config,
    async cleanup() {
      await database.close();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
