import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';

export type BenchShape = { clients: number; lines: number; months: number; today: string; employees: number };

// Bench data made set-based inside the database (generate_series), so 10M order lines load in
// minutes, not hours. Deterministic: every "random" choice hashes row numbers.
// Shape: a skewed client base (low ids order far more, as in real life), about 10 lines per order,
// each client buying from its own 1..6 of 12 categories, orders written in date order like a live
// system, account teams with an owner for everyone and a backup for 40%, and activities.
export async function generateBenchData(db: Kysely<DB>, s: BenchShape, log: (msg: string) => void = () => {}) {
  // One connection throughout: pg_temp.h lives in the session that created it.
  await db.connection().execute((conn) => generate(conn, s, log));
}

async function generate(db: Kysely<DB>, s: BenchShape, log: (msg: string) => void) {
  const orders = Math.max(1, Math.round(s.lines / 10));
  const step = async (label: string, ...queries: ReturnType<typeof sql>[]) => {
    const t = performance.now();
    for (const q of queries) await q.execute(db);
    log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  // JIT compilation costs seconds on queries whose row estimates are off; it buys nothing here.
  await sql`SET jit = off`.execute(db);
  // A throwaway database: skip the per-row foreign-key triggers (the data is generated consistent).
  await sql`SET session_replication_role = replica`.execute(db);
  await sql`SET synchronous_commit = off`.execute(db);
  // h(x) in [0,1): Postgres' own integer hash, uniform and uncorrelated between neighbours.
  await sql`CREATE OR REPLACE FUNCTION pg_temp.h(x bigint) RETURNS double precision LANGUAGE sql IMMUTABLE AS
    $$ SELECT (hashint8(x)::bigint + 2147483648)::float8 / 4294967296 $$`.execute(db);

  await step('employees', sql`
    INSERT INTO employees (name, email, role, hired_on)
    SELECT 'Bench employee ' || i, 'bench' || i || '@bench.local',
           CASE WHEN i <= 2 THEN 'director' WHEN i <= 5 THEN 'head_of_sales' WHEN i <= 5 + ${Math.ceil(s.employees * 0.06)} THEN 'key_account_manager'
                WHEN i <= 5 + ${Math.ceil(s.employees * 0.12)} THEN 'hunter' ELSE 'account_manager' END,
           date '2020-01-01'
    FROM generate_series(1, ${s.employees}) i`);
  await step('catalogue', sql`
    INSERT INTO product_categories (name) SELECT 'Category ' || i FROM generate_series(1, 12) i`, sql`
    INSERT INTO product_groups (category_id, name) SELECT c.id, 'Group ' || c.id || '-' || j FROM product_categories c, generate_series(1, 4) j ORDER BY c.id, j`, sql`
    INSERT INTO products (group_id, sku, name, list_price)
    SELECT g.id, 'B-' || g.id || '-' || k, 'Product ' || g.id || '-' || k, round((50 + pg_temp.h(g.id * 1000 + k) * 5000)::numeric, 2)
    FROM product_groups g, generate_series(1, 40) k ORDER BY g.id, k`);
  await step('companies', sql`
    INSERT INTO companies (name, status, owner_id, annual_potential)
    SELECT 'Bench client ' || i, 'active',
           (SELECT min(id) FROM employees) + 5 + (i % (${s.employees} - 5)),
           CASE WHEN pg_temp.h(i) < 0.8 THEN round((exp(pg_temp.h(i + 7) * 7) * 50000)::numeric, 2) END
    FROM generate_series(1, ${s.clients}) i`);
  await step('account team', sql`
    INSERT INTO account_team (company_id, employee_id, role) SELECT id, owner_id, 'owner' FROM companies WHERE owner_id IS NOT NULL`, sql`
    INSERT INTO account_team (company_id, employee_id, role)
    SELECT c.id, e0 + 5 + ((c.id * 7 + 3) % (${s.employees} - 5)), 'backup'
    FROM companies c, (SELECT min(id) e0 FROM employees) e
    WHERE pg_temp.h(c.id + 11) < 0.4 AND e0 + 5 + ((c.id * 7 + 3) % (${s.employees} - 5)) <> c.owner_id`);
  // power(h, 2.2) skews orders to the first clients; dates fill the months evenly, written in date order.
  await step(`orders (${orders})`, sql`
    INSERT INTO orders (company_id, number, ordered_on, status, owner_id)
    SELECT x.company_id, 'B' || x.n, x.ordered_on,
           CASE WHEN pg_temp.h(x.n + 5) < 0.02 THEN 'cancelled' WHEN x.ordered_on > ${s.today}::date - 14 THEN 'confirmed' ELSE 'completed' END,
           c.owner_id
    FROM (
      SELECT n, c0 + floor(power(pg_temp.h(n), 2.2) * ${s.clients})::int AS company_id,
             (${s.today}::date - floor(pg_temp.h(n + 3) * ${s.months} * 30.4)::int) AS ordered_on
      FROM generate_series(1, ${orders}) n, (SELECT min(id) c0 FROM companies) c
    ) x JOIN companies c ON c.id = x.company_id
    ORDER BY x.ordered_on, x.n`);
  await step('order lines', sql`
    INSERT INTO order_lines (order_id, line_no, product_id, quantity, price, cost)
    SELECT o.id, k, p.id, q.qty, p.list_price, round(p.list_price * 0.76, 2)
    FROM orders o
    CROSS JOIN LATERAL generate_series(1, 1 + ((o.id::bigint * 7919) % 19)::int) k
    CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.h(o.id * 31 + k) * 20)::numeric AS qty) q
    JOIN products p ON p.id = (SELECT min(id) FROM products)
         + (((o.company_id * 5 + (k % (1 + o.company_id % 6))) % 12) * 160)
         + floor(pg_temp.h(o.id * 17 + k) * 160)::int`);
  await step('order totals', sql`
    UPDATE orders o SET total = t.total
    FROM (SELECT order_id, sum(round(quantity * price, 2)) total FROM order_lines GROUP BY order_id) t
    WHERE t.order_id = o.id`);
  await step('activities', sql`
    INSERT INTO activities (type, employee_id, company_id, occurred_at, summary)
    SELECT (ARRAY['call','email','meeting','visit','note'])[1 + floor(pg_temp.h(n * 3) * 5)::int],
           CASE WHEN pg_temp.h(n * 5) < 0.85 THEN c.owner_id ELSE e0 + 5 + (n % (${s.employees} - 5)) END,
           c.id, ${s.today}::timestamptz - make_interval(days => floor(pg_temp.h(n * 7) * ${s.months} * 30.4)::int), ''
    FROM generate_series(1, ${s.clients * 4}) n
    JOIN companies c ON c.id = (SELECT min(id) FROM companies) + floor(power(pg_temp.h(n), 1.5) * ${s.clients})::int
    CROSS JOIN (SELECT min(id) e0 FROM employees) e
    WHERE c.owner_id IS NOT NULL`);
  await sql`RESET session_replication_role`.execute(db);
  await step('vacuum analyze', sql`VACUUM ANALYZE`);
}
