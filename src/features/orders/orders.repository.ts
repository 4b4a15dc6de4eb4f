import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

const SORT_COLUMNS = { orderedOn: 'orders.ordered_on', createdAt: 'orders.created_at', id: 'orders.id' } as const;
const SORT_KEYS = { orderedOn: 'ordered_on', createdAt: 'created_key', id: 'id' } as const;
// Rows per INSERT: 1000 lines x 6 columns stays far below the 65535 bind-parameter limit.
const LINE_CHUNK = 1000;

function selectOrders(db: Kysely<DB>) {
  return db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .leftJoin('employees as owner', 'owner.id', 'orders.owner_id')
    .selectAll('orders')
    .select([
      'companies.name as company_name',
      'owner.name as owner_name',
      // A JS Date keeps milliseconds only; the cursor needs the full microsecond value to resume exactly.
      sql<string>`to_char(orders.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_key'),
    ]);
}
export type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['executeTakeFirstOrThrow']>>;

export type OrderFilter = {
  actor: Actor;
  companyId?: number | undefined;
  status?: string | undefined;
  ownerId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  externalId?: string | undefined;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listOrders(db: Kysely<DB>, options: OrderFilter & PageRequest) {
  let qb = selectOrders(db).where(companyVisibleTo(options.actor, 'orders.company_id'));
  if (options.companyId !== undefined) qb = qb.where('orders.company_id', '=', options.companyId);
  if (options.status) qb = qb.where('orders.status', '=', options.status);
  if (options.ownerId !== undefined) qb = qb.where('orders.owner_id', '=', options.ownerId);
  if (options.from) qb = qb.where('orders.ordered_on', '>=', options.from);
  if (options.to) qb = qb.where('orders.ordered_on', '<=', options.to);
  if (options.externalId) qb = qb.where('orders.external_id', '=', options.externalId);
  if (!options.includeArchived) qb = qb.where('orders.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 'orders.id', sortKey: SORT_KEYS[options.sort] });
}

export const findOrder = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  selectOrders(db).where('orders.id', '=', id).where(companyVisibleTo(actor, 'orders.company_id')).executeTakeFirst();

export const findOrderLines = (db: Kysely<DB>, { orderId }: { orderId: number }) =>
  db
    .selectFrom('order_lines')
    .innerJoin('products', 'products.id', 'order_lines.product_id')
    .select([
      'order_lines.line_no',
      'order_lines.product_id',
      'products.name as product_name',
      'products.sku',
      'order_lines.quantity',
      'order_lines.price',
      'order_lines.cost',
    ])
    .where('order_lines.order_id', '=', orderId)
    .orderBy('order_lines.line_no')
    .execute();

export const findProducts = (db: Kysely<DB>, { ids }: { ids: number[] }) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('products').select(['id', 'list_price']).where('id', 'in', ids).execute();

export const findCompanyOwner = (db: Kysely<DB>, { companyId }: { companyId: number }) =>
  db.selectFrom('companies').select('owner_id').where('id', '=', companyId).executeTakeFirst();

export type OrderValues = {
  number?: string;
  ordered_on?: string;
  status?: string;
  owner_id?: number | null;
  total?: string;
  external_id?: string | null;
  archived_at?: Date | null;
};

export const insertOrder = (db: Kysely<DB>, { values }: { values: OrderValues & { company_id: number; number: string; ordered_on: string } }) =>
  db.insertInto('orders').values(values).returning('id').executeTakeFirstOrThrow();

export type OrderLineValues = { line_no: number; product_id: number; quantity: string; price: string; cost: string };

export async function insertOrderLines(db: Kysely<DB>, { orderId, lines }: { orderId: number; lines: OrderLineValues[] }) {
  for (let i = 0; i < lines.length; i += LINE_CHUNK) {
    const chunk = lines.slice(i, i + LINE_CHUNK).map((l) => ({ ...l, order_id: orderId }));
    await db.insertInto('order_lines').values(chunk).execute();
  }
}

export const updateOrder = (db: Kysely<DB>, { id, values }: { id: number; values: OrderValues }) =>
  db.updateTable('orders').set({ ...values, updated_at: new Date() }).where('id', '=', id).returning('id').executeTakeFirst();

export type MonthlyRow = { month: string; orders: number; revenue: string; margin: string };

// One pass over the company's orders joined to their lines, grouped by month; months without
// orders come from the series so a chart gets a continuous axis.
export async function monthlyTotals(db: Kysely<DB>, { companyId, months }: { companyId: number; months: number }) {
  const { rows } = await sql<MonthlyRow>`
    with series as (
      select generate_series(
        date_trunc('month', current_date) - make_interval(months => ${months - 1}),
        date_trunc('month', current_date),
        interval '1 month'
      )::date as month
    ),
    per_order as (
      select o.id, date_trunc('month', o.ordered_on)::date as month, o.total,
             coalesce(sum(l.quantity * (l.price - l.cost)), 0) as margin
      from orders o
      left join order_lines l on l.order_id = o.id
      where o.company_id = ${companyId}
        and o.status <> 'cancelled'
        and o.archived_at is null
        and o.ordered_on >= (select min(month) from series)
      group by o.id
    )
    select to_char(s.month, 'YYYY-MM') as month,
           count(p.id)::int as orders,
           round(coalesce(sum(p.total), 0), 2)::text as revenue,
           round(coalesce(sum(p.margin), 0), 2)::text as margin
    from series s
    left join per_order p on p.month = s.month
    group by s.month
    order by s.month
  `.execute(db);
  return rows;
}
