import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * Empties `table` and runs `fill` with its secondary indexes dropped, then builds them again: for
 * replacing every row of a read model, building an index once from the finished table costs a
 * fraction of updating it row by row. The primary key (and any index behind a constraint) stays, so
 * the fill is still checked. Run it inside a transaction: readers wait for the commit either way
 * (TRUNCATE and DROP INDEX take the table's exclusive lock) and never see the table without its indexes.
 */
export async function refillTable(db: Kysely<DB>, table: string, fill: () => Promise<unknown>): Promise<void> {
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ${table}::regclass AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1`.execute(db);
  for (const i of indexes) await sql`DROP INDEX ${sql.raw(i.name)}`.execute(db);
  await sql`TRUNCATE ${sql.table(table)}`.execute(db);
  await fill();
  for (const i of indexes) await sql.raw(i.def).execute(db);
}
