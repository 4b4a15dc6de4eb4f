import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { assertMayEditCatalogue } from './classifier.service.js';
import { findGroup } from './classifier.repository.js';
import type { Product, ProductCreate, ProductListQuery, ProductUpdate } from './products.schema.js';
import * as repo from './products.repository.js';

export function toProductDto(row: repo.ProductRow): Product {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    categoryId: row.category_id,
    categoryName: row.category_name,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    listPrice: row.list_price,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// New or moved products go into a live group only; an archived group is being retired.
async function assertGroupReference(ctx: AppContext, groupId: number): Promise<void> {
  const row = await findGroup(ctx.db, { id: groupId });
  if (!row) throw invalidField('groupId', `no product group ${groupId}`);
  if (row.archived_at) throw invalidField('groupId', `product group ${groupId} is archived`);
}

export async function listProducts(ctx: AppContext, query: ProductListQuery) {
  const page = await repo.listProducts(ctx.db, query);
  return { items: page.items.map(toProductDto), nextCursor: page.nextCursor };
}

export async function getProduct(ctx: AppContext, id: number): Promise<Product> {
  const row = await repo.findProduct(ctx.db, { id });
  if (!row) throw notFound('Product', id);
  return toProductDto(row);
}

export async function createProduct(ctx: AppContext, actor: Actor, input: ProductCreate): Promise<Product> {
  assertMayEditCatalogue(actor);
  await assertGroupReference(ctx, input.groupId);
  const { id } = await repo.insertProduct(ctx.db, {
    values: { group_id: input.groupId, sku: input.sku, name: input.name, unit: input.unit, list_price: input.listPrice },
  });
  return getProduct(ctx, id);
}

export async function updateProduct(ctx: AppContext, actor: Actor, id: number, input: ProductUpdate): Promise<Product> {
  assertMayEditCatalogue(actor);
  const current = await getProduct(ctx, id);
  const values: repo.ProductValues = {};
  if (input.groupId !== undefined && input.groupId !== current.groupId) {
    await assertGroupReference(ctx, input.groupId);
    values.group_id = input.groupId;
  }
  if (input.sku !== undefined) values.sku = input.sku;
  if (input.name !== undefined) values.name = input.name;
  if (input.unit !== undefined) values.unit = input.unit;
  if (input.listPrice !== undefined) values.list_price = input.listPrice;
  await repo.updateProduct(ctx.db, { id, values });
  return getProduct(ctx, id);
}

export async function setProductArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Product> {
  assertMayEditCatalogue(actor);
  await getProduct(ctx, id);
  await repo.updateProduct(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getProduct(ctx, id);
}
