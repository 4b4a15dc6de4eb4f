import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_POOL, loadConfig } from './config.js';
import { connectDatabase } from './db/database.js';

describe('configuration', () => {
  it('keeps ten PostgreSQL connections unless HOLDFAST_DB_POOL says otherwise, and refuses a value that is not a count', () => {
    expect(loadConfig({}).dbPoolSize).toBe(DEFAULT_DB_POOL);
    expect(loadConfig({ HOLDFAST_DB_POOL: '' }).dbPoolSize).toBe(10);
    expect(loadConfig({ HOLDFAST_DB_POOL: '4' }).dbPoolSize).toBe(4);
    for (const bad of ['1', '0', '-3', '2.5', 'four', '5000']) {
      expect(() => loadConfig({ HOLDFAST_DB_POOL: bad }), bad).toThrow(`HOLDFAST_DB_POOL must be a whole number from 2 to 1000 (connections to PostgreSQL), not "${bad}"`);
    }
  });

  it('keeps the session cache on unless HOLDFAST_SESSION_CACHE=off, and refuses other values', () => {
    expect(loadConfig({}).sessionCache).toBe(true);
    expect(loadConfig({ HOLDFAST_SESSION_CACHE: 'on' }).sessionCache).toBe(true);
    expect(loadConfig({ HOLDFAST_SESSION_CACHE: 'off' }).sessionCache).toBe(false);
    expect(() => loadConfig({ HOLDFAST_SESSION_CACHE: 'no' })).toThrow('HOLDFAST_SESSION_CACHE must be on or off, not "no"');
  });

  it.runIf(process.env.HOLDFAST_TEST_DB === 'postgres')('opens no more PostgreSQL connections than the pool size, however many queries wait', async () => {
    const url = process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const database = await connectDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      const pids = await Promise.all(
        Array.from({ length: 5 }, async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(database.db)).rows[0]!.pid),
      );
      expect(new Set(pids).size).toBe(2);
    } finally {
      await database.close();
    }
  });
});
