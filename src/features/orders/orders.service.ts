import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { DomainError, forbidden, invalidField, notFound } from '../../domain/errors.js';
import { fromMinor, lineAmount, toMinor } from '../../domain/money.js';
import { assertCompanyReference, assertCompanyVisible } from '../access/access.service.js';
import {
  effectiveLineNo,
  type MonthlyTotals,
  type Order,
  type OrderCreate,
  type OrderListQuery,
  type OrderSummary,
  type OrderUpdate,
} from './orders.schema.js';
import * as repo from './orders.repository.js';

// orders.total is numeric(15,2).
const MAX_TOTAL_MINOR = 999_999_999_999_999n;
// Enough to fix a bad file without flooding the response.
const MAX_REPORTED_ISSUES = 50;

export function toOrderSummaryDto(row: repo.OrderRow): OrderSummary {
  return {
    id: row.id,
    companyId: row.company_id,
    companyName: row.company_name,
    number: row.number,
    orderedOn: row.ordered_on,
    status: row.status as OrderSummary['status'],
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    total: row.total,
    externalId: row.external_id,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listOrders(ctx: AppContext, actor: Actor, query: OrderListQuery) {
  const page = await repo.listOrders(ctx.db, { ...query, actor });
  return { items: page.items.map(toOrderSummaryDto), nextCursor: page.nextCursor };
}

export async function getOrder(ctx: AppContext, actor: Actor, id: number): Promise<Order> {
  const row = await repo.findOrder(ctx.db, { id, actor });
  if (!row) throw notFound('Order', id);
  const lines = await repo.findOrderLines(ctx.db, { orderId: id });
  return {
    ...toOrderSummaryDto(row),
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      productId: l.product_id,
      productName: l.product_name,
      sku: l.sku,
      quantity: l.quantity,
      price: l.price,
      cost: l.cost,
      amount: lineAmount(l.quantity, l.price),
    })),
  };
}

/** Resolves every line against the catalogue and totals it exactly, before anything is written. */
async function priceLines(ctx: AppContext, lines: OrderCreate['lines']) {
  const products = await repo.findProducts(ctx.db, { ids: [...new Set(lines.map((l) => l.productId))] });
  const listPrice = new Map(products.map((p) => [p.id, p.list_price]));
  const issues = lines.flatMap((l, i) =>
    listPrice.has(l.productId) ? [] : [{ field: `lines.${i}.productId`, message: `no product ${l.productId}` }],
  );
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_REPORTED_ISSUES);
    throw new DomainError('validation', shown.map((d) => `${d.field}: ${d.message}`).join('; '), shown);
  }
  let total = 0n;
  const values: repo.OrderLineValues[] = lines.map((l, i) => {
    const price = l.price ?? (listPrice.get(l.productId) as string);
    total += toMinor(lineAmount(l.quantity, price));
    return { line_no: effectiveLineNo(l, i), product_id: l.productId, quantity: l.quantity, price, cost: l.cost };
  });
  if (total > MAX_TOTAL_MINOR) throw invalidField('lines', `the order total ${fromMinor(total)} is larger than an order can hold`);
  return { values, total: fromMinor(total) };
}

export async function createOrder(ctx: AppContext, actor: Actor, input: OrderCreate): Promise<Order> {
  await assertCompanyReference(ctx.db, actor, input.companyId);
  const company = await repo.findCompanyOwner(ctx.db, { companyId: input.companyId });
  const defaultOwner = company?.owner_id ?? null;
  const ownerId = input.ownerId !== undefined ? input.ownerId : defaultOwner;
  // Orders feed commission, so only management credits one to a third person.
  if (!isManagement(actor) && ownerId !== defaultOwner && ownerId !== actor.id) {
    throw forbidden("Only management can credit an order to someone other than you or the client's owner");
  }
  const { values, total } = await priceLines(ctx, input.lines);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertOrder(trx, {
      values: {
        company_id: input.companyId,
        number: input.number,
        ordered_on: input.orderedOn,
        status: input.status,
        owner_id: ownerId,
        external_id: input.externalId || null,
        total,
      },
    });
    await repo.insertOrderLines(trx, { orderId: id, lines: values });
    return id;
  });
  return getOrder(ctx, actor, id);
}

export async function updateOrder(ctx: AppContext, actor: Actor, id: number, input: OrderUpdate): Promise<Order> {
  const current = await repo.findOrder(ctx.db, { id, actor });
  if (!current) throw notFound('Order', id);
  if (input.ownerId !== undefined && input.ownerId !== current.owner_id && !isManagement(actor)) {
    throw forbidden('Only management can credit an order to another employee');
  }
  const values: repo.OrderValues = {};
  if (input.number !== undefined) values.number = input.number;
  if (input.orderedOn !== undefined) values.ordered_on = input.orderedOn;
  if (input.status !== undefined) values.status = input.status;
  if (input.ownerId !== undefined) values.owner_id = input.ownerId;
  await repo.updateOrder(ctx.db, { id, values });
  return getOrder(ctx, actor, id);
}

export async function setOrderArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Order> {
  if (!(await repo.findOrder(ctx.db, { id, actor }))) throw notFound('Order', id);
  await repo.updateOrder(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getOrder(ctx, actor, id);
}

export async function companyMonthlyTotals(ctx: AppContext, actor: Actor, companyId: number, months: number): Promise<MonthlyTotals> {
  await assertCompanyVisible(ctx.db, actor, companyId);
  return { companyId, months: await repo.monthlyTotals(ctx.db, { companyId, months }) };
}
