import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Connections to a PostgreSQL server the app keeps at most (PGlite has one). */
  dbPoolSize: number;
  dataDir: string;
  sessionTtlHours: number;
  secureCookies: boolean;
  /** The company's time zone: where a day starts for daily jobs (departure signals). */
  timeZone: string;
  /** Behind a reverse proxy: trust its X-Forwarded-For, so login throttling sees the real client address. */
  trustProxy: boolean | string;
  /** Live sessions kept in memory and emptied on NOTIFY hf_auth (features/auth/session-cache.ts). */
  sessionCache: boolean;
};

// One place that reads the environment; everything else receives a Config.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dbPoolSize: poolSize(env.HOLDFAST_DB_POOL),
    dataDir: path.resolve(env.HOLDFAST_DATA_DIR ?? './data'),
    sessionTtlHours: Number(env.HOLDFAST_SESSION_TTL_HOURS ?? 12),
    secureCookies: env.HOLDFAST_SECURE_COOKIES === 'true',
    timeZone: env.HOLDFAST_TIME_ZONE || 'UTC',
    trustProxy: env.HOLDFAST_TRUST_PROXY === 'true' ? true : env.HOLDFAST_TRUST_PROXY || false,
    sessionCache: onOff('HOLDFAST_SESSION_CACHE', env.HOLDFAST_SESSION_CACHE, true),
  };
}

function onOff(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${name} must be on or off, not "${raw}"`);
}

// Ten connections by default. On a database server with few cores, fewer connections than concurrent
// requests keep the backends from sharing the cores ever more finely (docs/benchmarks.md, Search, third
// round: 2-4 connections on a 2-core server cut search p99 at concurrency 8 from 59-68 to 47-57 ms).
// Background work (the analytics recompute uses two connections, an import one) shares the same pool.
export const DEFAULT_DB_POOL = 10;
function poolSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_DB_POOL;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2 || n > 1000) throw new Error(`HOLDFAST_DB_POOL must be a whole number from 2 to 1000 (connections to PostgreSQL), not "${raw}"`);
  return n;
}
