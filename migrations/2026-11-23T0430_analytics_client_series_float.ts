import { type Kysely, sql } from 'kysely';

// Running sums of squared monthly revenue as float8, like every other analytics path sums them: the
// exact numeric running sum cost most of the series' build. Where a period's float difference could
// decide an XYZ class, the reader sums that client's months instead (abc.service.ts periodRanking).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE analytics_client_series ALTER COLUMN squares TYPE float8[] USING squares::float8[]`.execute(db);
  // rebuilt by the next refresh, with the sums accumulated in float8
  await sql`UPDATE analytics_state SET rollup_refreshed_at = NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE analytics_client_series ALTER COLUMN squares TYPE numeric[] USING squares::numeric[]`.execute(db);
}
