import type { AppContext } from '../app-context.js';
import { type Config, loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

/** Opens the configured database (PGlite in HOLDFAST_DATA_DIR, or DATABASE_URL) and migrates it. */
export async function openContext(config: Config = loadConfig()): Promise<AppContext> {
  const database = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  await migrateToLatest(database.db);
  return { db: database.db, database, config };
}

export function describeDatabase(ctx: AppContext): string {
  return ctx.database.kind === 'pglite' ? `PGlite at ${ctx.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
}
