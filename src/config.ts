import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionTtlHours: number;
  secureCookies: boolean;
  /** The company's time zone: where a day starts for daily jobs (departure signals). */
  timeZone: string;
  /** Behind a reverse proxy: trust its X-Forwarded-For, so login throttling sees the real client address. */
  trustProxy: boolean | string;
};

// One place that reads the environment; everything else receives a Config.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.HOLDFAST_DATA_DIR ?? './data'),
    sessionTtlHours: Number(env.HOLDFAST_SESSION_TTL_HOURS ?? 12),
    secureCookies: env.HOLDFAST_SECURE_COOKIES === 'true',
    timeZone: env.HOLDFAST_TIME_ZONE || 'UTC',
    trustProxy: env.HOLDFAST_TRUST_PROXY === 'true' ? true : env.HOLDFAST_TRUST_PROXY || false,
  };
}
