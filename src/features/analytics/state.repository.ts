import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// How far the read models have caught up with their sources. Watermarks travel as text so the
// microseconds of a timestamptz survive the trip through JS. The state row is unlogged like the read
// models (migration 2026-11-24T0200): after a crash both are gone, and a missing row reads as
// "never refreshed", so the next read rebuilds everything.

export type AnalyticsState = {
  today: string;
  rollup_refreshed_at: Date | null;
  history_through: string | null;
  clients_as_of: string | null;
  orders_mark: string | null;
  team_mark: string | null;
  activities_mark: string | null;
  employees_mark: string | null;
  /** the newest change in each source table now (index probes) */
  orders_now: string | null;
  team_now: string | null;
  activities_now: string | null;
  employees_now: string | null;
};

export async function readState(db: Kysely<DB>): Promise<AnalyticsState> {
  const { rows } = await sql<AnalyticsState>`
    SELECT current_date::text AS today, s.rollup_refreshed_at, s.history_through::text AS history_through,
           s.clients_as_of::text AS clients_as_of,
           s.orders_watermark::text AS orders_mark, s.team_watermark::text AS team_mark,
           s.activities_watermark::text AS activities_mark, s.employees_watermark::text AS employees_mark,
           (SELECT max(updated_at) FROM orders)::text AS orders_now,
           (SELECT max(updated_at) FROM account_team)::text AS team_now,
           (SELECT max(updated_at) FROM activities)::text AS activities_now,
           (SELECT max(updated_at) FROM employees)::text AS employees_now
    FROM (VALUES (true)) AS one (id) LEFT JOIN analytics_state s ON s.id = one.id`.execute(db);
  return rows[0] as AnalyticsState;
}

/** Changes whenever the rollup does (every catch-up or rebuild stamps it): a key for results computed from it. */
export async function rollupVersion(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string | null }>`SELECT rollup_refreshed_at::text AS v FROM analytics_state`.execute(db);
  return rows[0]?.v ?? 'never';
}

export const changed = (now: string | null, mark: string | null) => now !== null && now !== mark;

type Source = 'orders' | 'account_team' | 'activities';

/** Companies with a row in the source table written after the watermark (an index range scan). */
export async function companiesChangedSince(db: Kysely<DB>, { source, mark }: { source: Source; mark: string | null }) {
  const { rows } = await sql<{ company_id: number }>`
    SELECT DISTINCT company_id FROM ${sql.table(source)} WHERE updated_at > ${mark ?? '-infinity'}::timestamptz`.execute(db);
  return rows.map((r) => r.company_id);
}

/** Earliest order date among the orders written after the watermark (did a closed quarter move?). */
export async function earliestChangedOrderDate(db: Kysely<DB>, { mark }: { mark: string | null }) {
  const { rows } = await sql<{ d: string | null }>`
    SELECT min(ordered_on)::text AS d FROM orders WHERE updated_at > ${mark ?? '-infinity'}::timestamptz`.execute(db);
  return rows[0]?.d ?? null;
}

export type StateValues = {
  orders_watermark?: string | null;
  team_watermark?: string | null;
  activities_watermark?: string | null;
  employees_watermark?: string | null;
  rollup_refreshed_at?: 'now' | null;
  history_computed_at?: 'now';
  history_through?: string | null;
  clients_as_of?: string;
  clients_computed_at?: 'now';
};

/** Sets the given values, creating the row if a crash took it (see above). */
export async function writeState(db: Kysely<DB>, values: StateValues) {
  const entries = Object.entries(values);
  if (entries.length === 0) return;
  const value = ([k, v]: [string, unknown]) => (v === 'now' ? sql`now()` : k.endsWith('_watermark') ? sql`${v}::timestamptz` : sql`${v}`);
  const names = sql.join(entries.map(([k]) => sql.ref(k)));
  await sql`INSERT INTO analytics_state (id, ${names}) VALUES (true, ${sql.join(entries.map(value))})
    ON CONFLICT (id) DO UPDATE SET ${sql.join(entries.map(([k]) => sql`${sql.ref(k)} = excluded.${sql.ref(k)}`))}`.execute(db);
}

/** Forgets everything: the next read rebuilds every read model (the bench, a restore). */
export async function resetState(db: Kysely<DB>) {
  await sql`TRUNCATE analytics_company_months, analytics_client_series, analytics_class_history, analytics_clients`.execute(db);
  await sql`UPDATE analytics_state SET orders_watermark = NULL, team_watermark = NULL, activities_watermark = NULL,
            employees_watermark = NULL, rollup_refreshed_at = NULL, history_computed_at = NULL, history_through = NULL,
            clients_as_of = NULL, clients_computed_at = NULL`.execute(db);
}

/** Serialises refreshes: a second caller waits, then finds the work already done. */
export const lockRefresh = (db: Kysely<DB>) => sql`SELECT pg_advisory_xact_lock(7215041, 1)`.execute(db);
/** The same lock held by a session across several transactions (a full recompute); always unlock. */
export const lockRefreshSession = (db: Kysely<DB>) => sql`SELECT pg_advisory_lock(7215041, 1)`.execute(db);
export const unlockRefreshSession = (db: Kysely<DB>) => sql`SELECT pg_advisory_unlock(7215041, 1)`.execute(db);
