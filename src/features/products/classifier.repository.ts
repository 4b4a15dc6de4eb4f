import type { Kysely } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';

// Categories and groups of the product classifier.

export const likePrefix = (q: string) => `${q.replace(/[\\%_]/g, '\\$&')}%`;

type ArchivedValue = { archived_at?: Date | null };

const selectCategories = (db: Kysely<DB>) => db.selectFrom('product_categories').selectAll('product_categories');
export type CategoryRow = Awaited<ReturnType<ReturnType<typeof selectCategories>['executeTakeFirstOrThrow']>>;

export function listCategories(db: Kysely<DB>, options: { q?: string | undefined; includeArchived: boolean; sort: 'name' | 'id' } & PageRequest) {
  let qb = selectCategories(db);
  if (options.q) qb = qb.where('product_categories.name', 'ilike', likePrefix(options.q));
  if (!options.includeArchived) qb = qb.where('product_categories.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: `product_categories.${options.sort}`, idColumn: 'product_categories.id', sortKey: options.sort });
}

export const findCategory = (db: Kysely<DB>, { id }: { id: number }) => selectCategories(db).where('product_categories.id', '=', id).executeTakeFirst();

export const insertCategory = (db: Kysely<DB>, { values }: { values: { name: string } }) =>
  db.insertInto('product_categories').values(values).returning('id').executeTakeFirstOrThrow();

export const updateCategory = (db: Kysely<DB>, { id, values }: { id: number; values: { name?: string } & ArchivedValue }) =>
  db.updateTable('product_categories').set({ ...values, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();

const selectGroups = (db: Kysely<DB>) =>
  db
    .selectFrom('product_groups')
    .innerJoin('product_categories', 'product_categories.id', 'product_groups.category_id')
    .selectAll('product_groups')
    .select('product_categories.name as category_name');
export type GroupRow = Awaited<ReturnType<ReturnType<typeof selectGroups>['executeTakeFirstOrThrow']>>;

export function listGroups(
  db: Kysely<DB>,
  options: { categoryId?: number | undefined; q?: string | undefined; includeArchived: boolean; sort: 'name' | 'id' } & PageRequest,
) {
  let qb = selectGroups(db);
  if (options.categoryId !== undefined) qb = qb.where('product_groups.category_id', '=', options.categoryId);
  if (options.q) qb = qb.where('product_groups.name', 'ilike', likePrefix(options.q));
  if (!options.includeArchived) qb = qb.where('product_groups.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: `product_groups.${options.sort}`, idColumn: 'product_groups.id', sortKey: options.sort });
}

export const findGroup = (db: Kysely<DB>, { id }: { id: number }) => selectGroups(db).where('product_groups.id', '=', id).executeTakeFirst();

export type GroupValues = { category_id?: number; name?: string } & ArchivedValue;

export const insertGroup = (db: Kysely<DB>, { values }: { values: GroupValues & { category_id: number; name: string } }) =>
  db.insertInto('product_groups').values(values).returning('id').executeTakeFirstOrThrow();

export const updateGroup = (db: Kysely<DB>, { id, values }: { id: number; values: GroupValues }) =>
  db.updateTable('product_groups').set({ ...values, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();
