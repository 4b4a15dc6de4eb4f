import { type Kysely, sql } from 'kysely';

// Per-client running totals by month, kept with the rollup (src/features/analytics/rollup.repository.ts):
// one row per client with its sale months in order and, for each, the cumulative revenue and margin
// (whole kopecks) and sum of squared monthly revenue through that month. Any period's figures are then
// two array look-ups per client (width_bucket finds the last sale month on or before a date by binary
// search), so ABC over a chosen period reads ~100k short rows instead of aggregating the rollup.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_client_series (
      company_id integer PRIMARY KEY,
      months date[] NOT NULL,
      revenue int8[] NOT NULL,
      margin int8[] NOT NULL,
      squares numeric[] NOT NULL
    )`.execute(db);
  // Filled by the next refresh: an existing rollup is treated as never computed.
  await sql`UPDATE analytics_state SET rollup_refreshed_at = NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE analytics_client_series`.execute(db);
}
