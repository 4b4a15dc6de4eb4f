import { z } from 'zod';
import { id, money, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

// The classifier: categories > groups > products (by what a product is, never by brand).

const prefixQuery = (what: string) => z.string().trim().max(200).optional().describe(`${what} starts with (case-insensitive)`);

export const categoryCreate = z.object({ name: shortText(200) });
export type CategoryCreate = z.infer<typeof categoryCreate>;
export const categoryUpdate = categoryCreate.partial();
export type CategoryUpdate = z.infer<typeof categoryUpdate>;

export const category = z.object({
  id: z.number(),
  name: z.string(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Category = z.infer<typeof category>;

export const categoryListQuery = pageQuery.extend({
  q: prefixQuery('Name'),
  sort: z.enum(['name', 'id']).default('name'),
});
export type CategoryListQuery = z.infer<typeof categoryListQuery>;

export const groupCreate = z.object({ categoryId: id, name: shortText(200) });
export type GroupCreate = z.infer<typeof groupCreate>;
export const groupUpdate = groupCreate.partial();
export type GroupUpdate = z.infer<typeof groupUpdate>;

export const group = z.object({
  id: z.number(),
  categoryId: z.number(),
  categoryName: z.string(),
  name: z.string(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Group = z.infer<typeof group>;

export const groupListQuery = pageQuery.extend({
  categoryId: id.optional(),
  q: prefixQuery('Name'),
  sort: z.enum(['name', 'id']).default('name'),
});
export type GroupListQuery = z.infer<typeof groupListQuery>;

export const productCreate = z.object({
  groupId: id,
  sku: shortText(100),
  name: shortText(300),
  unit: shortText(20).default('pcs'),
  listPrice: money,
});
export type ProductCreate = z.infer<typeof productCreate>;
export const productUpdate = productCreate.partial().extend({ unit: shortText(20).optional() });
export type ProductUpdate = z.infer<typeof productUpdate>;

export const product = z.object({
  id: z.number(),
  groupId: z.number(),
  groupName: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  listPrice: z.string().describe('Decimal string, e.g. "1234.50"'),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Product = z.infer<typeof product>;

export const productListQuery = pageQuery.extend({
  groupId: id.optional(),
  categoryId: id.optional(),
  q: prefixQuery('Name or SKU'),
  sort: z.enum(['name', 'sku', 'id']).default('name'),
});
export type ProductListQuery = z.infer<typeof productListQuery>;
