import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { BULK_TABLES, type BulkTable, type ChunkTables, type StageRef } from './demo.world.js';

export async function countPeopleAndClients(db: Kysely<DB>) {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('employees').select((e) => e.fn.countAll<number>().as('n')).as('employees'),
      eb.selectFrom('companies').select((e) => e.fn.countAll<number>().as('n')).as('companies'),
    ])
    .executeTakeFirstOrThrow();
  return { employees: Number(row.employees), companies: Number(row.companies) };
}

export type StaffRow = { name: string; email: string; role: string; hiredOn: string; managerEmail: string | null; passwordHash: string };

/** Inserts the staff in order (managers first) and returns email -> id. */
export async function insertStaff(db: Kysely<DB>, { rows }: { rows: StaffRow[] }): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const r of rows) {
    const managerId = r.managerEmail ? ids.get(r.managerEmail) ?? null : null;
    const { id } = await db
      .insertInto('employees')
      .values({ name: r.name, email: r.email, role: r.role, hired_on: r.hiredOn, manager_id: managerId, password_hash: r.passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(r.email, id);
  }
  return ids;
}

export type CatalogInput = {
  categories: string[];
  groups: { categoryIndex: number; name: string }[];
  products: { groupIndex: number; sku: string; name: string; unit: string; listPrice: string }[];
};

/** Inserts the classifier and products; returns their ids in input order. */
export async function insertCatalog(db: Kysely<DB>, input: CatalogInput) {
  const categories = await db.insertInto('product_categories').values(input.categories.map((name) => ({ name }))).returning('id').execute();
  const groups = await db
    .insertInto('product_groups')
    .values(input.groups.map((g) => ({ category_id: categories[g.categoryIndex]?.id ?? 0, name: g.name })))
    .returning('id')
    .execute();
  const products = await db
    .insertInto('products')
    .values(input.products.map((p) => ({ group_id: groups[p.groupIndex]?.id ?? 0, sku: p.sku, name: p.name, unit: p.unit, list_price: p.listPrice })))
    .returning('id')
    .execute();
  return { categoryIds: categories.map((c) => c.id), productIds: products.map((p) => p.id) };
}

export async function listStages(db: Kysely<DB>): Promise<StageRef[]> {
  const rows = await db.selectFrom('pipeline_stages').select(['id', 'name', 'kind']).where('archived_at', 'is', null).orderBy('position').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as StageRef['kind'] }));
}

/** The first free id of each bulk table, so explicit ids never collide with existing rows. */
export async function firstFreeIds(db: Kysely<DB>): Promise<Record<BulkTable, number>> {
  const out = {} as Record<BulkTable, number>;
  for (const t of BULK_TABLES) {
    const { rows } = await sql<{ max: number | null }>`SELECT max(id) AS max FROM ${sql.table(t)}`.execute(db);
    out[t] = Number(rows[0]?.max ?? 0) + 1;
  }
  return out;
}

// COPY accepts explicit values for GENERATED ALWAYS identity columns (it skips the rewriter that
// enforces OVERRIDING SYSTEM VALUE) on PostgreSQL and PGlite alike, so ids are computed here and
// children reference parents without any lookup: no staging table, one write per row.
export async function copyChunk(database: Database, { tables, timings }: { tables: ChunkTables; timings: Record<BulkTable, number> }) {
  for (const t of BULK_TABLES) {
    const table = tables[t];
    if (!table.size) continue;
    const started = performance.now();
    await database.copyCsv(t, [...table.columns], table.text());
    timings[t] += performance.now() - started;
  }
}

export type IndexDef = { name: string; definition: string };

// Secondary indexes (trigram GIN above all) cost far more row by row than built once over the
// loaded table: measured on PostgreSQL, 20k clients load in 30 s instead of 66 s. Indexes that
// back a constraint (primary keys, UNIQUE) stay, so those guarantees hold throughout.
export async function dropSecondaryIndexes(db: Kysely<DB>): Promise<IndexDef[]> {
  const { rows } = await sql<IndexDef>`
    SELECT i.indexname AS name, i.indexdef AS definition
    FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = ANY(${sql.val(BULK_TABLES)}::text[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname)))
    ORDER BY i.tablename, i.indexname`.execute(db);
  for (const index of rows) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
  return rows;
}

export async function createIndex(db: Kysely<DB>, index: IndexDef) {
  await sql.raw(index.definition).execute(db);
}

/** Moves the identity sequences past the copied ids and refreshes planner statistics. */
export async function finishBulkLoad(db: Kysely<DB>) {
  for (const t of BULK_TABLES) {
    await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(t)}), 0) + 1, false)`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
}
