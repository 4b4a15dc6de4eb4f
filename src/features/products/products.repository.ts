import type { Kysely } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import { likePrefix } from './classifier.repository.js';

const selectProducts = (db: Kysely<DB>) =>
  db
    .selectFrom('products')
    .innerJoin('product_groups', 'product_groups.id', 'products.group_id')
    .innerJoin('product_categories', 'product_categories.id', 'product_groups.category_id')
    .selectAll('products')
    .select(['product_groups.name as group_name', 'product_groups.category_id', 'product_categories.name as category_name']);
export type ProductRow = Awaited<ReturnType<ReturnType<typeof selectProducts>['executeTakeFirstOrThrow']>>;

export type ProductFilter = {
  groupId?: number | undefined;
  categoryId?: number | undefined;
  q?: string | undefined;
  includeArchived: boolean;
  sort: 'name' | 'sku' | 'id';
};

export function listProducts(db: Kysely<DB>, options: ProductFilter & PageRequest) {
  let qb = selectProducts(db);
  if (options.groupId !== undefined) qb = qb.where('products.group_id', '=', options.groupId);
  if (options.categoryId !== undefined) qb = qb.where('product_groups.category_id', '=', options.categoryId);
  if (options.q) {
    const pattern = likePrefix(options.q);
    qb = qb.where((eb) => eb.or([eb('products.name', 'ilike', pattern), eb('products.sku', 'ilike', pattern)]));
  }
  if (!options.includeArchived) qb = qb.where('products.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: `products.${options.sort}`, idColumn: 'products.id', sortKey: options.sort });
}

export const findProduct = (db: Kysely<DB>, { id }: { id: number }) => selectProducts(db).where('products.id', '=', id).executeTakeFirst();

export type ProductValues = {
  group_id?: number;
  sku?: string;
  name?: string;
  unit?: string;
  list_price?: string;
  archived_at?: Date | null;
};

export const insertProduct = (db: Kysely<DB>, { values }: { values: ProductValues & { group_id: number; sku: string; name: string; list_price: string } }) =>
  db.insertInto('products').values(values).returning('id').executeTakeFirstOrThrow();

export const updateProduct = (db: Kysely<DB>, { id, values }: { id: number; values: ProductValues }) =>
  db.updateTable('products').set({ ...values, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();
