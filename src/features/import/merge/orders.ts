import { type RawBuilder, sql } from 'kysely';
import { companyRefText, count, type MergeContext, type Merger, nextId, reject, reportMerges, resolveCompanies, resolveEmployees, S, scalar } from './common.js';
import { defaultGroupId } from './products.js';

// Orders with their lines, one line per staged row. Lines of one order share `order_key`; an order
// is imported whole or not at all (one bad line skips its siblings). Clients and products are
// resolved once per distinct key in small side tables, so the million-line table is only read.
const side = (m: MergeContext, suffix: 'o' | 'c' | 'p' | 'l') => sql.table(`${m.stage}_${suffix}`);

/** Every still-good line of an order that has a bad line is skipped, with the bad row named. */
async function skipBrokenOrders(m: MergeContext, since: { rejected: number; ordersBuilt: boolean }) {
  if (m.rejected === since.rejected) return; // nothing new went bad
  const skip = (bad: RawBuilder<unknown>, on: RawBuilder<unknown>) =>
    reject(m, 'number', sql`
      SELECT s.rec, NULL::text AS value, 'skipped: row ' || b.first_bad || ' of the same order has errors' AS message
      FROM ${S(m)} s JOIN (${bad}) b ON ${on} WHERE s.ok`);
  await skip(sql`SELECT order_key, min(row_no) AS first_bad FROM ${S(m)} WHERE NOT ok AND order_key IS NOT NULL GROUP BY 1`, sql`s.order_key = b.order_key`);
  // A bad line whose date could not be read has no key; its number still names the order.
  await skip(sql`SELECT number, min(row_no) AS first_bad FROM ${S(m)} WHERE NOT ok AND order_key IS NULL AND number IS NOT NULL GROUP BY 1`, sql`s.number = b.number`);
  if (since.ordersBuilt) {
    await sql`UPDATE ${side(m, 'o')} o SET ok = false WHERE o.ok AND EXISTS (SELECT 1 FROM ${S(m)} s WHERE s.order_key = o.order_key AND NOT s.ok)`.execute(m.trx);
  }
  since.rejected = m.rejected;
}

async function checkLineNumbers(m: MergeContext) {
  if (!m.present.has('line_no')) return; // numbered by position: unique by construction
  await reject(m, 'lineNo', sql`
    SELECT rec, ln::text AS value, 'line ' || ln || ' of order ' || order_key || ' repeats row ' || first_row AS message FROM (
      SELECT rec, order_key, ln, row_number() OVER w AS n, first_value(row_no) OVER w AS first_row FROM (
        SELECT rec, row_no, order_key, coalesce(line_no, row_number() OVER (PARTITION BY order_key ORDER BY rec)) AS ln
        FROM ${S(m)} WHERE order_key IS NOT NULL
      ) x WINDOW w AS (PARTITION BY order_key, ln ORDER BY rec)
    ) d WHERE n > 1`);
}

/**
 * One hash aggregation over the lines gives each order its first row, its exact total and whether
 * its lines disagree on the client, date or number; only such orders are looked at line by line.
 */
async function buildOrders(m: MergeContext) {
  const o = side(m, 'o');
  await sql`
    CREATE TEMP TABLE ${o} ON COMMIT DROP AS
    SELECT a.order_key, a.rec, s.row_no, s.number, s.ordered_on, s.status, s.company_key, s.owner_ref,
      s.company_external_id, s.company_inn, s.company_kpp, s.company_name, a.lines, a.total, a.mixed,
      NULL::integer AS owner_id, NULL::integer AS order_id, false AS is_new, true AS ok
    FROM (
      SELECT order_key, min(rec) AS rec, count(*)::integer AS lines, sum(round(quantity * price, 2))::numeric(15,2) AS total,
        (min(company_key) <> max(company_key) OR count(company_key) <> count(*)
          OR min(ordered_on) <> max(ordered_on) OR min(number) <> max(number)) AS mixed
      FROM ${S(m)} WHERE ok GROUP BY order_key
    ) a JOIN ${S(m)} s ON s.rec = a.rec`.execute(m.trx);
  await sql`ALTER TABLE ${o} ADD PRIMARY KEY (order_key)`.execute(m.trx);
  if (await scalar(m.trx, sql`SELECT count(*) FROM ${o} WHERE mixed`)) {
    await reject(m, 'companyName', sql`
      SELECT s.rec, NULL::text AS value,
        CASE WHEN s.company_key IS DISTINCT FROM o.company_key THEN 'the client differs from row ' ELSE 'the date or number differs from row ' END
          || o.row_no || ' of the same order' AS message
      FROM ${S(m)} s JOIN ${o} o ON o.order_key = s.order_key AND o.mixed
      WHERE s.ok AND (s.company_key IS DISTINCT FROM o.company_key OR s.ordered_on <> o.ordered_on OR s.number <> o.number)`);
  }
}

async function resolveClients(m: MergeContext) {
  await sql`
    CREATE TEMP TABLE ${side(m, 'c')} ON COMMIT DROP AS
    SELECT DISTINCT ON (company_key) company_key, rec, row_no, company_external_id, company_inn, company_kpp, company_name,
      NULL::integer AS company_id, NULL::text AS company_matched_by, false AS is_new, true AS ok
    FROM ${side(m, 'o')} WHERE ok ORDER BY company_key, rec`.execute(m.trx);
  await resolveCompanies(m, `${m.stage}_c`);
  await reject(m, 'companyInn', sql`
    SELECT s.rec, NULL::text AS value, 'no client with ' || ${companyRefText('c')} || ': add the client''s name to create it' AS message
    FROM ${S(m)} s JOIN ${side(m, 'c')} c USING (company_key) WHERE s.ok AND c.company_id IS NULL AND c.company_name IS NULL`);
  await sql`UPDATE ${side(m, 'c')} SET company_id = ${nextId('companies')}, is_new = true WHERE company_id IS NULL AND company_name IS NOT NULL`.execute(m.trx);
}

async function resolveOwners(m: MergeContext) {
  await resolveEmployees(m, 'owner_ref', 'owner_id', `${m.stage}_o`);
  await reject(m, 'owner', sql`
    SELECT s.rec, o.owner_ref AS value, 'no current employee with this email or name' AS message
    FROM ${S(m)} s JOIN ${side(m, 'o')} o ON o.order_key = s.order_key WHERE s.ok AND o.owner_ref IS NOT NULL AND o.owner_id IS NULL`);
}

async function resolveProducts(m: MergeContext) {
  await sql`
    CREATE TEMP TABLE ${side(m, 'p')} ON COMMIT DROP AS
    SELECT s.product_key, s.rec, s.row_no, s.product_external_id, s.sku, s.product_name, s.price,
      NULL::integer AS product_id, false AS is_new, true AS ok
    FROM ${S(m)} s JOIN (SELECT product_key, min(rec) AS rec FROM ${S(m)} WHERE ok GROUP BY 1) f ON f.rec = s.rec`.execute(m.trx);
  const p = side(m, 'p');
  await sql`UPDATE ${p} x SET product_id = pr.id FROM products pr WHERE x.product_external_id IS NOT NULL AND pr.external_id = x.product_external_id`.execute(m.trx);
  await sql`UPDATE ${p} x SET product_id = pr.id FROM products pr WHERE x.product_id IS NULL AND x.sku IS NOT NULL AND pr.sku = x.sku`.execute(m.trx);
  // Matching by name folds every product's name: only when some line names a product by name alone.
  const byNameOnly = await scalar(m.trx, sql`SELECT count(*) FROM ${p} WHERE product_id IS NULL AND sku IS NULL AND product_external_id IS NULL`);
  if (byNameOnly) {
    await sql`
      UPDATE ${p} x SET product_id = pr.id FROM (SELECT hf_fold(name) AS name, min(id) AS id FROM products GROUP BY 1 HAVING count(*) = 1) pr
      WHERE x.product_id IS NULL AND x.sku IS NULL AND x.product_external_id IS NULL AND pr.name = hf_fold(x.product_name)`.execute(m.trx);
  }
  // New products: one per SKU, even when some lines name them by code and others by SKU.
  await sql`
    UPDATE ${p} x SET product_id = n.id, is_new = true
    FROM (SELECT new_sku, ${nextId('products')} AS id FROM (SELECT DISTINCT coalesce(sku, product_external_id) AS new_sku FROM ${p} WHERE product_id IS NULL AND coalesce(sku, product_external_id) IS NOT NULL) d) n
    WHERE x.product_id IS NULL AND coalesce(x.sku, x.product_external_id) = n.new_sku`.execute(m.trx);
  // A line naming a product only by name may mean one another line of this file creates with a SKU.
  if (byNameOnly) await sql`
    UPDATE ${p} x SET product_id = n.product_id
    FROM (SELECT hf_fold(product_name) AS name, min(product_id) AS product_id FROM ${p} WHERE is_new AND product_name IS NOT NULL GROUP BY 1 HAVING count(DISTINCT product_id) = 1) n
    WHERE x.product_id IS NULL AND n.name = hf_fold(x.product_name)`.execute(m.trx);
  await reject(m, 'productName', sql`
    SELECT s.rec, s.product_name AS value, 'unknown product: add its SKU (or code) to create it' AS message
    FROM ${S(m)} s JOIN ${p} x USING (product_key) WHERE s.ok AND x.product_id IS NULL AND x.sku IS NULL AND x.product_external_id IS NULL`);
}

const productUsed = (m: MergeContext) => sql`x.product_id IN (SELECT product_id FROM ${side(m, 'p')} WHERE ok)`;

async function analyse(m: MergeContext) {
  const since = { rejected: 0, ordersBuilt: false };
  await checkLineNumbers(m);
  await skipBrokenOrders(m, since);
  await buildOrders(m);
  since.ordersBuilt = true;
  await skipBrokenOrders(m, since);
  await resolveClients(m);
  await resolveOwners(m);
  const beforeProducts = m.rejected;
  await resolveProducts(m);
  await skipBrokenOrders(m, since);
  const o = side(m, 'o');
  await sql`UPDATE ${o} o SET order_id = x.id FROM orders x WHERE o.ok AND x.external_id = o.order_key`.execute(m.trx);
  await sql`UPDATE ${o} SET order_id = ${nextId('orders')}, is_new = true WHERE ok AND order_id IS NULL`.execute(m.trx);
  await sql`ANALYZE ${o}`.execute(m.trx);
  // Only a match by name is fuzzy; each one that carries orders is listed for a person to check.
  await reportMerges(m, 'companyName', sql`
    SELECT x.row_no, x.company_name AS value, 'orders attached to the existing client «' || c.name || '» (id ' || c.id || ') found by name' AS message, c.id AS record_id
    FROM ${side(m, 'c')} x JOIN companies c ON c.id = x.company_id
    WHERE x.company_matched_by = 'name' AND EXISTS (SELECT 1 FROM ${o} o WHERE o.ok AND o.company_key = x.company_key)`);
  count(m, 'orders', 'created', await scalar(m.trx, sql`SELECT count(*) FROM ${o} WHERE ok AND is_new`));
  count(m, 'orders', 'updated', await scalar(m.trx, sql`SELECT count(*) FROM ${o} WHERE ok AND NOT is_new`));
  count(m, 'orderLines', 'imported', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok`));
  count(m, 'companies', 'created', await scalar(m.trx, sql`
    SELECT count(*) FROM ${side(m, 'c')} c WHERE c.is_new AND EXISTS (SELECT 1 FROM ${o} o WHERE o.ok AND o.company_key = c.company_key)`));
  // A new product is created only if some imported line still uses it, by any of its keys.
  if (m.rejected !== beforeProducts) {
    await sql`UPDATE ${side(m, 'p')} x SET ok = x.product_key IN (SELECT product_key FROM ${S(m)} WHERE ok)`.execute(m.trx);
  }
  count(m, 'products', 'created', await scalar(m.trx, sql`
    SELECT count(DISTINCT x.product_id) FROM ${side(m, 'p')} x WHERE x.is_new AND ${productUsed(m)}`));
}

async function write(m: MergeContext) {
  const o = side(m, 'o');
  const c = side(m, 'c');
  const p = side(m, 'p');
  // Clients first seen in an order file have bought from us: they start as active.
  await sql`
    INSERT INTO companies (id, name, inn, kpp, external_id, status)
    OVERRIDING SYSTEM VALUE
    SELECT c.company_id, c.company_name, c.company_inn, c.company_kpp, c.company_external_id, 'active' FROM ${c} c
    WHERE c.is_new AND EXISTS (SELECT 1 FROM ${o} o WHERE o.ok AND o.company_key = c.company_key) ORDER BY c.rec`.execute(m.trx);
  const groupId = await defaultGroupId(m);
  await sql`
    INSERT INTO products (id, group_id, sku, name, list_price, external_id)
    OVERRIDING SYSTEM VALUE
    SELECT DISTINCT ON (x.product_id) x.product_id, ${groupId}::integer, coalesce(x.sku, x.product_external_id), coalesce(x.product_name, x.sku, x.product_external_id),
      coalesce(x.price, 0), x.product_external_id
    FROM ${p} x WHERE x.is_new AND ${productUsed(m)}
    ORDER BY x.product_id, x.rec`.execute(m.trx);
  // Only orders that differ are written: re-importing an unchanged file rewrites nothing.
  await sql`
    UPDATE orders x SET number = o.number, ordered_on = o.ordered_on, status = coalesce(o.status, x.status), company_id = c.company_id,
      owner_id = coalesce(o.owner_id, x.owner_id), total = o.total, updated_at = now()
    FROM ${o} o JOIN ${c} c USING (company_key) WHERE o.ok AND NOT o.is_new AND x.id = o.order_id
      AND (x.number, x.ordered_on, x.status, x.company_id, x.owner_id, x.total)
        IS DISTINCT FROM (o.number, o.ordered_on, coalesce(o.status, x.status), c.company_id, coalesce(o.owner_id, x.owner_id), o.total)`.execute(m.trx);
  await sql`
    INSERT INTO orders (id, company_id, number, ordered_on, status, owner_id, total, external_id)
    OVERRIDING SYSTEM VALUE
    SELECT o.order_id, c.company_id, o.number, o.ordered_on, coalesce(o.status, 'completed'), coalesce(o.owner_id, k.owner_id), o.total, o.order_key
    FROM ${o} o JOIN ${c} c USING (company_key) JOIN companies k ON k.id = c.company_id WHERE o.ok AND o.is_new ORDER BY o.rec`.execute(m.trx);
  const insertNewLines = () =>
    sql`
      INSERT INTO order_lines (order_id, line_no, product_id, quantity, price, cost)
      SELECT o.order_id, coalesce(s.line_no, row_number() OVER (PARTITION BY s.order_key ORDER BY s.rec)), x.product_id, s.quantity, s.price, coalesce(s.cost, 0)
      FROM ${S(m)} s JOIN ${o} o ON o.order_key = s.order_key AND o.ok AND o.is_new JOIN ${p} x ON x.product_key = s.product_key
      WHERE s.ok`.execute(m.trx);
  const newLines = await scalar(m.trx, sql`SELECT coalesce(sum(lines), 0) FROM ${o} WHERE ok AND is_new`);
  if (newLines >= m.bulkLines) await withoutLineForeignKeys(m, insertNewLines);
  else await insertNewLines();
  if (await scalar(m.trx, sql`SELECT count(*) FROM (SELECT 1 FROM ${o} WHERE ok AND NOT is_new LIMIT 1) x`)) await syncExistingLines(m);
}

/** Re-imported orders: the file is the truth for their lines; only lines that differ are written. */
async function syncExistingLines(m: MergeContext) {
  const o = side(m, 'o');
  const l = side(m, 'l');
  await sql`
    CREATE TEMP TABLE ${l} ON COMMIT DROP AS
    SELECT o.order_id, coalesce(s.line_no, row_number() OVER (PARTITION BY s.order_key ORDER BY s.rec))::integer AS line_no,
      x.product_id, s.quantity, s.price, coalesce(s.cost, 0)::numeric(15,2) AS cost
    FROM ${S(m)} s JOIN ${o} o ON o.order_key = s.order_key AND o.ok AND NOT o.is_new JOIN ${side(m, 'p')} x ON x.product_key = s.product_key
    WHERE s.ok`.execute(m.trx);
  await sql`ALTER TABLE ${l} ADD PRIMARY KEY (order_id, line_no)`.execute(m.trx);
  await sql`ANALYZE ${l}`.execute(m.trx);
  await sql`
    DELETE FROM order_lines d USING ${o} o
    WHERE d.order_id = o.order_id AND o.ok AND NOT o.is_new
      AND NOT EXISTS (SELECT 1 FROM ${l} n WHERE n.order_id = d.order_id AND n.line_no = d.line_no)`.execute(m.trx);
  await sql`
    UPDATE order_lines d SET product_id = n.product_id, quantity = n.quantity, price = n.price, cost = n.cost
    FROM ${l} n WHERE d.order_id = n.order_id AND d.line_no = n.line_no
      AND (d.product_id, d.quantity, d.price, d.cost) IS DISTINCT FROM (n.product_id, n.quantity, n.price, n.cost)`.execute(m.trx);
  await sql`
    INSERT INTO order_lines (order_id, line_no, product_id, quantity, price, cost)
    SELECT n.order_id, n.line_no, n.product_id, n.quantity, n.price, n.cost FROM ${l} n
    WHERE NOT EXISTS (SELECT 1 FROM order_lines d WHERE d.order_id = n.order_id AND d.line_no = n.line_no)`.execute(m.trx);
}

/**
 * Bulk load: PostgreSQL checks a foreign key with one query per inserted row (two keys, a million
 * rows: most of the import's time). The keys are dropped and re-added, exactly as defined, inside
 * the same transaction, so they are validated in one pass each and a failure restores them. The
 * price: order_lines is locked against readers until the import commits.
 */
async function withoutLineForeignKeys(m: MergeContext, load: () => Promise<unknown>) {
  const { rows: keys } = await sql<{ name: string; def: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = 'order_lines'::regclass AND contype = 'f' ORDER BY conname`.execute(m.trx);
  for (const k of keys) await sql`ALTER TABLE order_lines DROP CONSTRAINT ${sql.id(k.name)}`.execute(m.trx);
  await load();
  for (const k of keys) await sql`ALTER TABLE order_lines ADD CONSTRAINT ${sql.id(k.name)} ${sql.raw(k.def)}`.execute(m.trx);
}

export const ordersMerger: Merger = { analyse, write };
