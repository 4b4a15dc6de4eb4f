import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { DB } from './db/schema.js';

/** What every service needs: the database and the configuration. HTTP, CLI and jobs build one. */
export type AppContext = { db: Kysely<DB>; database: Database; config: Config };
