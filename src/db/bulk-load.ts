import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * Empties `table` and runs `fill` with its indexes dropped, primary key and unique constraints
 * included, then builds them again: for replacing every row of a read model, building an index once
 * from the finished table (a sort, which PostgreSQL may split among parallel workers) costs a fraction
 * of updating it row by row, and the fill need not insert in key order. The keys still check the fill:
 * a duplicate fails the rebuilt constraint and with it the caller's transaction. (A table that a
 * foreign key points at cannot be refilled: TRUNCATE refuses it.) Run it inside a transaction: readers
 * wait for the commit either way (TRUNCATE and DROP INDEX take the table's exclusive lock) and never
 * see the table without its indexes or keys.
 */
export async function refillTable(db: Kysely<DB>, table: string, fill: () => Promise<unknown>): Promise<void> {
  const { rows: keys } = await sql<{ name: string; def: string }>`
    SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    WHERE c.conrelid = ${table}::regclass AND c.contype IN ('p', 'u')
    ORDER BY c.contype, c.conname`.execute(db);
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ${table}::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1`.execute(db);
  for (const k of keys) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(k.name)}`.execute(db);
  for (const i of indexes) await sql`DROP INDEX ${sql.raw(i.name)}`.execute(db);
  await sql`TRUNCATE ${sql.table(table)}`.execute(db);
  await fill();
  for (const k of keys) await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.def)}`.execute(db);
  for (const i of indexes) await sql.raw(i.def).execute(db);
}
