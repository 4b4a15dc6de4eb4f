import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlitePool } from './pglite-pool.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Bulk-load CSV text (no header) into a table with COPY; used by the demo loader and imports. */
  copyCsv: (table: string, columns: string[], csv: string) => Promise<void>;
  close: () => Promise<void>;
};

export type ConnectOptions = { databaseUrl?: string; dataDir?: string };

// Both drivers return the same JS shapes: int8 as number (ids and counts stay far below 2^53),
// numeric as string (money never becomes a float), date as 'YYYY-MM-DD', timestamptz as Date.
const PG_INT8 = 20;
const PG_DATE = 1082;

function pgTypes() {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === PG_INT8) return (v: string) => Number(v);
      if (oid === PG_DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl);
  return connectPGlite(options.dataDir);
}

function connectPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes() });
  // A server-side disconnect of an idle client (restart, DROP DATABASE ... FORCE) must not crash the
  // process: the pool discards that client and the next query opens a fresh one.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    async copyCsv(table, columns, csv) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from([csv]), stream);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function connectPGlite(dataDir: string | undefined): Promise<Database> {
  // dataDir undefined means an in-memory database (tests); otherwise PGlite's filesystem storage.
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    parsers: { [pgliteTypes.DATE]: (v: string) => v, [pgliteTypes.INT8]: (v: string) => Number(v) },
  });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    db,
    kind: 'pglite',
    async copyCsv(table, columns, csv) {
      const client = await pool.connect();
      try {
        await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
          blob: new Blob([csv]),
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}
