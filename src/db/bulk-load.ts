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
  const keys = (await constraintsOf(db, table)).filter((k) => k.type === 'p' || k.type === 'u');
  const indexes = await indexesOf(db, table);
  for (const k of keys) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(k.name)}`.execute(db);
  for (const i of indexes) await sql`DROP INDEX ${sql.raw(i.name)}`.execute(db);
  await sql`TRUNCATE ${sql.table(table)}`.execute(db);
  await fill();
  for (const k of keys) await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.def)}`.execute(db);
  for (const i of indexes) await sql.raw(i.def).execute(db);
}

/** The table's constraints but NOT NULLs (PostgreSQL 18 keeps those here too), by type and name. */
async function constraintsOf(db: Kysely<DB>, table: string) {
  const { rows } = await sql<{ name: string; type: string; def: string }>`
    SELECT conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE conrelid = ${table}::regclass AND contype <> 'n'
    ORDER BY contype, conname`.execute(db);
  return rows;
}

/** The table's indexes other than those of its constraints, with their definitions. */
async function indexesOf(db: Kysely<DB>, table: string) {
  const { rows } = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ${table}::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1`.execute(db);
  return rows;
}

/** A table's shape as replaceTable carries it over: columns in order, constraints, other indexes, storage. */
export type TableShape = {
  /** notNullName: the NOT NULL constraint's own name (PostgreSQL 18 names them; null before) */
  columns: { name: string; type: string; notNull: boolean; notNullName: string | null; default: string | null }[];
  constraints: { name: string; type: string; def: string }[];
  indexes: { name: string; def: string }[];
  persistence: string;
  options: string[] | null;
  grants: { grantee: string; privilege: string; grantable: boolean }[];
};

export async function describeTable(db: Kysely<DB>, table: string): Promise<TableShape> {
  const { rows: columns } = await sql<{ name: string; type: string; notNull: boolean; notNullName: string | null; default: string | null; special: string }>`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
           (SELECT n.conname FROM pg_constraint n WHERE n.conrelid = a.attrelid AND n.contype = 'n' AND n.conkey[1] = a.attnum) AS "notNullName",
           pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text || a.attgenerated::text AS special
    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = ${table}::regclass AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum`.execute(db);
  const constraints = await constraintsOf(db, table);
  const indexes = await indexesOf(db, table);
  const { rows: rel } = await sql<{ persistence: string; options: string[] | null }>`
    SELECT relpersistence::text AS persistence, reloptions AS options FROM pg_class WHERE oid = ${table}::regclass`.execute(db);
  const { rows: grants } = await sql<{ grantee: string; privilege: string; grantable: boolean }>`
    SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable
    FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = ${table}::regclass AND a.grantee <> c.relowner
    ORDER BY 1, 2`.execute(db);
  const special = columns.find((c) => c.special.trim() !== '');
  if (special) throw new Error(`${table}.${special.name} is an identity or generated column, which replaceTable does not carry over`);
  return { columns: columns.map(({ special: _, ...c }) => c), constraints, indexes, persistence: rel[0]?.persistence ?? '', options: rel[0]?.options ?? null, grants };
}

/**
 * Puts `stage`, a table just built with the same columns (names and types, in order, e.g. by a CREATE
 * TABLE AS, which PostgreSQL may run in parallel where an INSERT ... SELECT runs on one core), in the
 * place of `table`: the stage gets the table's NOT NULLs, defaults and check constraints (validated in
 * one scan), the table is dropped and the stage renamed, then its keys, foreign keys and indexes are
 * built under their old names, and its storage options and grants are given again. So a read model's
 * full rebuild writes its rows once instead of staging them and copying them in. Refuses (before
 * changing anything) a stage whose columns or persistence differ, and a table with triggers; a table
 * that other tables' foreign keys or views depend on cannot be dropped, which fails the caller's
 * transaction. Run it inside a transaction: readers wait for the commit (DROP TABLE takes the table's
 * exclusive lock) and then read the new table. Not carried over: comments, per-column statistics
 * targets and the owner (the new table is the caller's).
 */
export async function replaceTable(db: Kysely<DB>, table: string, stage: string): Promise<void> {
  const target = await describeTable(db, table);
  const built = await describeTable(db, stage);
  const shape = (s: TableShape) => s.columns.map((c) => `${c.name} ${c.type}`);
  const [want, got] = [shape(target), shape(built)];
  const differs = want.findIndex((c, i) => got[i] !== c);
  if (differs >= 0 || got.length !== want.length) {
    const i = differs >= 0 ? differs : want.length;
    throw new Error(`${stage} cannot replace ${table}: column ${i + 1} is ${got[i] ?? 'missing'} where ${table} has ${want[i] ?? 'none'}`);
  }
  if (built.persistence !== target.persistence) throw new Error(`${stage} cannot replace ${table}: one is unlogged and the other is not`);
  const { rows: triggers } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = ${table}::regclass AND NOT tgisinternal`.execute(db);
  if ((triggers[0]?.n ?? 0) > 0) throw new Error(`${table} has triggers, which replaceTable does not carry over`);

  const columnChanges = target.columns.flatMap((c) => [
    ...(c.notNull ? [sql`ALTER COLUMN ${sql.ref(c.name)} SET NOT NULL`] : []),
    ...(c.default !== null ? [sql`ALTER COLUMN ${sql.ref(c.name)} SET DEFAULT ${sql.raw(c.default)}`] : []),
  ]);
  const checks = target.constraints.filter((k) => k.type === 'c').map((k) => sql`ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.def)}`);
  if (columnChanges.length + checks.length > 0) await sql`ALTER TABLE ${sql.table(stage)} ${sql.join([...columnChanges, ...checks])}`.execute(db);
  await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  await sql`ALTER TABLE ${sql.table(stage)} RENAME TO ${sql.table(table)}`.execute(db);
  // PostgreSQL 18 names NOT NULL constraints after the table they were made on: give back the old names
  if (target.columns.some((c) => c.notNullName !== null)) {
    const renamed = await describeTable(db, table);
    for (const [i, c] of target.columns.entries()) {
      const made = renamed.columns[i]?.notNullName;
      if (c.notNullName !== null && made && made !== c.notNullName) {
        await sql`ALTER TABLE ${sql.table(table)} RENAME CONSTRAINT ${sql.ref(made)} TO ${sql.ref(c.notNullName)}`.execute(db);
      }
    }
  }
  // keys before foreign keys (which may point at them), then the other indexes
  const order = ['p', 'u', 'x', 'f'];
  for (const k of target.constraints.filter((k) => k.type !== 'c').sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))) {
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.def)}`.execute(db);
  }
  for (const i of target.indexes) await sql.raw(i.def).execute(db);
  if (target.options !== null) await sql`ALTER TABLE ${sql.table(table)} SET (${sql.raw(target.options.join(', '))})`.execute(db);
  for (const g of target.grants) {
    await sql`GRANT ${sql.raw(g.privilege)} ON ${sql.table(table)} TO ${sql.raw(g.grantee)} ${g.grantable ? sql`WITH GRANT OPTION` : sql``}`.execute(db);
  }
}
