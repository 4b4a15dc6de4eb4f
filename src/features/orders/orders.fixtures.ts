import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// Test-only helpers for the orders tests: a catalogue to order from and row counts to prove rollbacks.
let seq = 0;

export async function makeProduct(db: Kysely<DB>, over: { listPrice?: string; name?: string } = {}) {
  const n = ++seq;
  const category = await db.insertInto('product_categories').values({ name: `Orders category ${n} ${Date.now()}` }).returning('id').executeTakeFirstOrThrow();
  const group = await db.insertInto('product_groups').values({ category_id: category.id, name: `Group ${n}` }).returning('id').executeTakeFirstOrThrow();
  return db
    .insertInto('products')
    .values({ group_id: group.id, sku: `SKU-${n}-${Date.now()}`, name: over.name ?? `Product ${n}`, list_price: over.listPrice ?? '100.00' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function orderCounts(db: Kysely<DB>) {
  const { rows } = await sql<{ orders: number; lines: number }>`
    select (select count(*) from orders)::int as orders, (select count(*) from order_lines)::int as lines
  `.execute(db);
  return rows[0];
}

/** The database's own month, so tests agree with current_date whatever the machine's time zone. */
export async function dbMonths(db: Kysely<DB>, back: number[]) {
  const { rows } = await sql<{ today: string }>`select to_char(current_date, 'YYYY-MM-DD') as today`.execute(db);
  const [y, m] = (rows[0]?.today ?? '').split('-').map(Number) as [number, number];
  return back.map((b) => {
    const d = new Date(Date.UTC(y, m - 1 - b, 1));
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    return { month, day: (day: number) => `${month}-${String(day).padStart(2, '0')}` };
  });
}
