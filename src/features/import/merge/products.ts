import { sql } from 'kysely';
import type { MergeContext, Merger } from './common.js';
import { count, duplicates, nextId, reject, S, scalar } from './common.js';

export const DEFAULT_CATEGORY = 'Без категории';
export const DEFAULT_GROUP = 'Без группы';

// A products file (or a 1C catalogue / offers file): matched by external id, else SKU. Holdfast's
// classifier is category -> group; missing ones are created, a new product without one goes to
// "Без категории / Без группы".
async function analyse(m: MergeContext) {
  await reject(m, 'externalId', duplicates(m, 'external_id', 'external ID'));
  await reject(m, 'sku', duplicates(m, 'sku', 'SKU'));
  await sql`UPDATE ${S(m)} s SET target_id = p.id, matched_by = 'external_id' FROM products p WHERE s.ok AND s.external_id IS NOT NULL AND p.external_id = s.external_id`.execute(m.trx);
  await sql`UPDATE ${S(m)} s SET target_id = p.id, matched_by = 'sku' FROM products p WHERE s.ok AND s.target_id IS NULL AND s.sku IS NOT NULL AND p.sku = s.sku`.execute(m.trx);
  await reject(m, 'sku', sql`
    SELECT s.rec, s.sku AS value, 'this SKU belongs to another product: «' || p.name || '» (id ' || p.id || ')' AS message
    FROM ${S(m)} s JOIN products p ON p.sku = s.sku AND p.id <> s.target_id WHERE s.ok`);
  await reject(m, 'sku', sql`
    SELECT rec, external_id AS value, 'a new product needs a SKU of at most 100 characters' AS message
    FROM ${S(m)} WHERE ok AND target_id IS NULL AND sku IS NULL AND length(external_id) > 100`);
  await sql`UPDATE ${S(m)} SET target_id = ${nextId('products')}, is_new = true WHERE ok AND target_id IS NULL`.execute(m.trx);
  count(m, 'products', 'created', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND is_new`));
  count(m, 'products', 'updated', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND NOT is_new`));
}

/** Creates the categories and groups the staged rows name and fills `group_id`. */
async function placeInClassifier(m: MergeContext) {
  // A group named without a category: an existing group of that name if there is exactly one.
  await sql`
    UPDATE ${S(m)} s SET group_id = g.id
    FROM (SELECT hf_fold(name) AS name, min(id) AS id FROM product_groups GROUP BY 1 HAVING count(*) = 1) g
    WHERE s.ok AND s.category IS NULL AND s.grp IS NOT NULL AND g.name = hf_fold(s.grp)`.execute(m.trx);
  const wanted = sql`
    SELECT DISTINCT coalesce(category, ${DEFAULT_CATEGORY}::text) AS category, coalesce(grp, category, ${DEFAULT_GROUP}::text) AS grp
    FROM ${S(m)} WHERE ok AND group_id IS NULL AND (category IS NOT NULL OR grp IS NOT NULL OR is_new)`;
  const categories = await scalar(m.trx, sql`
    WITH ins AS (INSERT INTO product_categories (name) SELECT DISTINCT category FROM (${wanted}) w ON CONFLICT (name) DO NOTHING RETURNING 1)
    SELECT count(*) FROM ins`);
  const groups = await scalar(m.trx, sql`
    WITH ins AS (
      INSERT INTO product_groups (category_id, name)
      SELECT c.id, w.grp FROM (${wanted}) w JOIN product_categories c ON c.name = w.category
      ON CONFLICT (category_id, name) DO NOTHING RETURNING 1)
    SELECT count(*) FROM ins`);
  await sql`
    UPDATE ${S(m)} s SET group_id = g.id
    FROM product_categories c JOIN product_groups g ON g.category_id = c.id
    WHERE s.ok AND s.group_id IS NULL AND (s.category IS NOT NULL OR s.grp IS NOT NULL OR s.is_new)
      AND c.name = coalesce(s.category, ${DEFAULT_CATEGORY}::text) AND g.name = coalesce(s.grp, s.category, ${DEFAULT_GROUP}::text)`.execute(m.trx);
  count(m, 'productCategories', 'created', categories);
  count(m, 'productGroups', 'created', groups);
}

async function write(m: MergeContext) {
  await placeInClassifier(m);
  await sql`
    UPDATE products p SET
      name = s.name,
      sku = coalesce(s.sku, p.sku),
      unit = coalesce(s.unit, p.unit),
      list_price = coalesce(s.list_price, p.list_price),
      group_id = coalesce(s.group_id, p.group_id),
      external_id = coalesce(p.external_id, s.external_id),
      updated_at = now()
    FROM ${S(m)} s WHERE s.ok AND NOT s.is_new AND p.id = s.target_id`.execute(m.trx);
  await sql`
    INSERT INTO products (id, group_id, sku, name, unit, list_price, external_id)
    OVERRIDING SYSTEM VALUE
    SELECT target_id, group_id, coalesce(sku, external_id), name, coalesce(unit, 'pcs'), coalesce(list_price, 0), external_id
    FROM ${S(m)} WHERE ok AND is_new ORDER BY rec`.execute(m.trx);
}

export const productsMerger: Merger = { analyse, write };

/** The catch-all group for products created from order lines; made on first use. */
export async function defaultGroupId(m: MergeContext): Promise<number> {
  await sql`INSERT INTO product_categories (name) VALUES (${DEFAULT_CATEGORY}) ON CONFLICT (name) DO NOTHING`.execute(m.trx);
  await sql`
    INSERT INTO product_groups (category_id, name) SELECT id, ${DEFAULT_GROUP}::text FROM product_categories WHERE name = ${DEFAULT_CATEGORY}
    ON CONFLICT (category_id, name) DO NOTHING`.execute(m.trx);
  return scalar(m.trx, sql`
    SELECT g.id FROM product_groups g JOIN product_categories c ON c.id = g.category_id
    WHERE c.name = ${DEFAULT_CATEGORY} AND g.name = ${DEFAULT_GROUP}`);
}
