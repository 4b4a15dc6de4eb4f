import { type Kysely, sql } from 'kysely';

// The analytics read models are derived from orders, account teams, activities and employees and are
// rebuilt from them at will, so they need no write-ahead log: writing it cost about a fifth of a full
// recompute (measured 2026-11-23 at 10M order lines: rollup insert 4.8 -> 3.5 s, snapshot 6.0 -> 4.8 s
// under the same load). An unlogged table is emptied after a crash (not after a clean restart) and is
// not copied to streaming replicas or physical backups. Its state row goes with it: analytics_state is
// unlogged too, so a crash leaves no row, which reads as "never refreshed" (state.repository.ts) and the
// next read rebuilds everything, instead of a stale row claiming the emptied tables are current.
const TABLES = [
  'analytics_company_months',
  'analytics_client_series',
  'analytics_class_history',
  'analytics_clients',
  'analytics_employees',
  'analytics_state',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await sql`ALTER TABLE ${sql.table(t)} SET UNLOGGED`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await sql`ALTER TABLE ${sql.table(t)} SET LOGGED`.execute(db);
  await sql`INSERT INTO analytics_state (id) VALUES (true) ON CONFLICT DO NOTHING`.execute(db);
}
