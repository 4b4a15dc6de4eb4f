import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Compilable, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DEFAULT_DB_POOL } from '../config.js';
import { PGlitePool } from './pglite-pool.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Bulk-load CSV text (no header) into a table with COPY; used by the demo loader and imports. */
  copyCsv: (table: string, columns: string[], csv: string) => Promise<void>;
  /**
   * Calls onNotify for every NOTIFY on the channel, from the moment the returned promise resolves;
   * onLost once if the listening connection breaks (nothing is heard after that). Resolves to the
   * function that stops listening. PostgreSQL: a connection of its own, outside the pool.
   */
  listen: (channel: string, onNotify: () => void, onLost: (error: Error) => void) => Promise<() => Promise<void>>;
  close: () => Promise<void>;
};

export type ConnectOptions = { databaseUrl?: string; dataDir?: string; poolSize?: number };

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
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? DEFAULT_DB_POOL);
  return connectPGlite(options.dataDir);
}

// A statement whose text starts with PREPARED_MARK is prepared once per connection (named by a hash of
// its text) and afterwards only bound and executed, so the server stops planning it on every call: for
// hot statements of a fixed shape whose planning costs as much as running them (the dossier: 0.9 ms
// planning, 0.7 ms execution at 1M clients). Only statements with their values as parameters qualify;
// the number of shapes bounds the prepared statements a connection holds. PGlite reads it as a comment.
export const PREPARED_MARK = '/* prepared */ ';

/** Runs a Kysely query as a prepared statement (see PREPARED_MARK). */
export async function executePrepared<R>(db: Kysely<DB>, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  return (await db.executeQuery<R>({ ...compiled, sql: PREPARED_MARK + compiled.sql })).rows;
}

// Each prepared text's statement name, hashed once per prefix: the texts are few (one per shape) and
// the hot ones run on every request.
const preparedNames = new Map<string, Map<string, string>>();
/** A prepared statement's name for its text (the same text and prefix always get the same name). */
export const statementName = (text: string, prefix = 'hf_') => {
  let names = preparedNames.get(prefix);
  if (names === undefined) preparedNames.set(prefix, (names = new Map()));
  let name = names.get(text);
  if (name === undefined) {
    name = `${prefix}${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
};

function prepareMarked(client: pg.PoolClient) {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown) =>
    typeof config === 'string' && config.startsWith(PREPARED_MARK) ? query({ name: statementName(config), text: config, values }) : query(config, values);
}

/** Sessions, employees or role policies changed (migration 2026-11-24T0500_auth_notify). */
export const AUTH_CHANNEL = 'hf_auth';
// Channels every pooled connection LISTENs on from its first statement. A session hears its own
// NOTIFY before its COMMIT (or autocommitted statement) returns, so a change this process makes is
// heard before the code that made it goes on: the listener of `listen` below would hear it a little
// later, on its own connection, and a request arriving in between would still see the old state.
export const POOL_CHANNELS = [AUTH_CHANNEL];

function connectPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes() });
  const heard = new Map<string, Set<() => void>>();
  const dispatch = (channel: string) => heard.get(channel)?.forEach((onNotify) => onNotify());
  pool.on('connect', (client) => {
    prepareMarked(client);
    client.on('notification', (message) => dispatch(message.channel));
    // Queued ahead of whatever the client was connected for, so outside any transaction.
    for (const channel of POOL_CHANNELS) client.query(`LISTEN ${client.escapeIdentifier(channel)}`).catch(() => {});
  });
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
    async listen(channel, onNotify, onLost) {
      const client = new pg.Client({ connectionString: url });
      let done = false;
      const unheard = () => heard.get(channel)?.delete(onNotify);
      const lost = (error: Error) => {
        if (done) return;
        done = true;
        unheard();
        onLost(error);
        client.end().catch(() => {});
      };
      client.on('error', lost);
      client.on('end', () => lost(new Error('the listening connection ended')));
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      } catch (error) {
        done = true;
        await client.end().catch(() => {});
        throw error;
      }
      // The pool's own connections hear this process's changes first (POOL_CHANNELS).
      heard.set(channel, (heard.get(channel) ?? new Set()).add(onNotify));
      return async () => {
        unheard();
        if (done) return;
        done = true;
        await client.end();
      };
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
    // One backend: LISTEN under the pool's lock, so it never lands inside another checkout's
    // transaction; a NOTIFY committed by any checkout reaches the listener at its commit.
    async listen(channel, onNotify) {
      const client = await pool.connect();
      let unlisten: (() => Promise<void>) | null = null;
      try {
        unlisten = await pglite.listen(channel, () => onNotify());
      } finally {
        client.release();
      }
      return async () => {
        if (pglite.closed || !unlisten) return;
        const c = await pool.connect();
        try {
          await unlisten();
          unlisten = null;
        } finally {
          c.release();
        }
      };
    },
    close: () => db.destroy(),
  };
}
