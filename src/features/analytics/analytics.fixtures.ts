import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { addMonths } from '../../domain/analytics/dates.js';
import { fromMinor, lineAmount, toMinor } from '../../domain/money.js';

// Test-only helpers for the analytics tests: a catalogue, orders written straight to the tables
// (as an import or another writer would, without refreshing the rollup), dates relative to the
// database's own today.
let seq = 0;

export async function dbToday(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ d: string }>`SELECT current_date::text AS d`.execute(db);
  return (rows[0] as { d: string }).d;
}

/** Day `day` of the month `monthsAgo` months before today's month. */
export const dayIn = (today: string, monthsAgo: number, day = 10) => `${addMonths(today, -monthsAgo).slice(0, 7)}-${String(day).padStart(2, '0')}`;

/** `n` categories with one group and one product each; returns the product ids in category order. */
export async function makeCatalog(db: Kysely<DB>, n: number) {
  const products: { id: number; categoryId: number }[] = [];
  for (let i = 0; i < n; i++) {
    const k = ++seq;
    const c = await db.insertInto('product_categories').values({ name: `Analytics category ${k} ${Date.now()}` }).returning('id').executeTakeFirstOrThrow();
    const g = await db.insertInto('product_groups').values({ category_id: c.id, name: `Group ${k}` }).returning('id').executeTakeFirstOrThrow();
    const p = await db
      .insertInto('products')
      .values({ group_id: g.id, sku: `AN-${k}-${Date.now()}`, name: `Product ${k}`, list_price: '100.00' })
      .returning('id')
      .executeTakeFirstOrThrow();
    products.push({ id: p.id, categoryId: c.id });
  }
  return products;
}

export type LineSpec = { productId: number; quantity?: string; price: string; cost?: string };

/** One order with its lines; the total is the sum of the rounded line amounts, as the orders service computes it. */
export async function addOrder(
  db: Kysely<DB>,
  o: { companyId: number; orderedOn: string; lines: LineSpec[]; status?: string; ownerId?: number | null; archived?: boolean },
) {
  const total = o.lines.reduce((s, l) => s + toMinor(lineAmount(l.quantity ?? '1', l.price)), 0n);
  const order = await db
    .insertInto('orders')
    .values({
      company_id: o.companyId,
      number: `AN-${++seq}`,
      ordered_on: o.orderedOn,
      status: o.status ?? 'completed',
      owner_id: o.ownerId ?? null,
      total: fromMinor(total),
      archived_at: o.archived ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('order_lines')
    .values(o.lines.map((l, i) => ({ order_id: order.id, line_no: i + 1, product_id: l.productId, quantity: l.quantity ?? '1', price: l.price, cost: l.cost ?? '0' })))
    .execute();
  return order.id;
}

export async function addActivity(db: Kysely<DB>, a: { companyId: number; employeeId: number; daysAgo: number; type?: string }) {
  await sql`INSERT INTO activities (type, employee_id, company_id, occurred_at)
            VALUES (${a.type ?? 'call'}, ${a.employeeId}, ${a.companyId}, now() - make_interval(days => ${a.daysAgo}))`.execute(db);
}

export async function addSeat(db: Kysely<DB>, s: { companyId: number; employeeId: number; role: string }) {
  await db.insertInto('account_team').values({ company_id: s.companyId, employee_id: s.employeeId, role: s.role }).execute();
}
