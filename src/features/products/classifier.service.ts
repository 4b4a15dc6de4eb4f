import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { forbidden, invalidField, notFound } from '../../domain/errors.js';
import type { Category, CategoryCreate, CategoryListQuery, CategoryUpdate, Group, GroupCreate, GroupListQuery, GroupUpdate } from './products.schema.js';
import * as repo from './classifier.repository.js';

// Everyone reads the classifier; only management changes it, so reports stay comparable.
export function assertMayEditCatalogue(actor: Actor): void {
  if (!isManagement(actor)) throw forbidden('Only management can change the product classifier');
}

export function toCategoryDto(row: repo.CategoryRow): Category {
  return {
    id: row.id,
    name: row.name,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toGroupDto(row: repo.GroupRow): Group {
  return {
    id: row.id,
    categoryId: row.category_id,
    categoryName: row.category_name,
    name: row.name,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listCategories(ctx: AppContext, query: CategoryListQuery) {
  const page = await repo.listCategories(ctx.db, query);
  return { items: page.items.map(toCategoryDto), nextCursor: page.nextCursor };
}

export async function getCategory(ctx: AppContext, id: number): Promise<Category> {
  const row = await repo.findCategory(ctx.db, { id });
  if (!row) throw notFound('Product category', id);
  return toCategoryDto(row);
}

export async function createCategory(ctx: AppContext, actor: Actor, input: CategoryCreate): Promise<Category> {
  assertMayEditCatalogue(actor);
  const { id } = await repo.insertCategory(ctx.db, { values: input });
  return getCategory(ctx, id);
}

export async function updateCategory(ctx: AppContext, actor: Actor, id: number, input: CategoryUpdate): Promise<Category> {
  assertMayEditCatalogue(actor);
  await getCategory(ctx, id);
  await repo.updateCategory(ctx.db, { id, values: input });
  return getCategory(ctx, id);
}

export async function setCategoryArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Category> {
  assertMayEditCatalogue(actor);
  await getCategory(ctx, id);
  await repo.updateCategory(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getCategory(ctx, id);
}

// New or moved groups go under a live category only; an archived one is being retired.
async function assertCategoryReference(ctx: AppContext, categoryId: number): Promise<void> {
  const row = await repo.findCategory(ctx.db, { id: categoryId });
  if (!row) throw invalidField('categoryId', `no product category ${categoryId}`);
  if (row.archived_at) throw invalidField('categoryId', `product category ${categoryId} is archived`);
}

export async function listGroups(ctx: AppContext, query: GroupListQuery) {
  const page = await repo.listGroups(ctx.db, query);
  return { items: page.items.map(toGroupDto), nextCursor: page.nextCursor };
}

export async function getGroup(ctx: AppContext, id: number): Promise<Group> {
  const row = await repo.findGroup(ctx.db, { id });
  if (!row) throw notFound('Product group', id);
  return toGroupDto(row);
}

export async function createGroup(ctx: AppContext, actor: Actor, input: GroupCreate): Promise<Group> {
  assertMayEditCatalogue(actor);
  await assertCategoryReference(ctx, input.categoryId);
  const { id } = await repo.insertGroup(ctx.db, { values: { category_id: input.categoryId, name: input.name } });
  return getGroup(ctx, id);
}

export async function updateGroup(ctx: AppContext, actor: Actor, id: number, input: GroupUpdate): Promise<Group> {
  assertMayEditCatalogue(actor);
  const current = await getGroup(ctx, id);
  const values: repo.GroupValues = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.categoryId !== undefined && input.categoryId !== current.categoryId) {
    await assertCategoryReference(ctx, input.categoryId);
    values.category_id = input.categoryId;
  }
  await repo.updateGroup(ctx.db, { id, values });
  return getGroup(ctx, id);
}

export async function setGroupArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Group> {
  assertMayEditCatalogue(actor);
  await getGroup(ctx, id);
  await repo.updateGroup(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getGroup(ctx, id);
}
