import { z } from 'zod';
import { id, isoDate, money, optionalText, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const ORDER_STATUSES = ['draft', 'confirmed', 'shipped', 'completed', 'cancelled'] as const;
export const MAX_ORDER_LINES = 5000;

// numeric(15,3): up to 12 whole digits and 3 decimals, strictly positive; a string so it never becomes a float.
export const quantity = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,3})?$/, 'must be a positive decimal quantity with at most 3 decimals, e.g. "2.5"')
  .refine((v) => /[1-9]/.test(v), 'must be greater than zero');

export const orderLineCreate = z.object({
  lineNo: z.number().int().positive().max(2_147_483_647).optional().describe('Defaults to the position in the array, from 1'),
  productId: id,
  quantity,
  price: money.optional().describe("Unit price; defaults to the product's list price"),
  cost: money.describe('Unit cost, for margin'),
});
export type OrderLineCreate = z.infer<typeof orderLineCreate>;

export const effectiveLineNo = (line: { lineNo?: number | undefined }, index: number) => line.lineNo ?? index + 1;

export const orderCreate = z.object({
  companyId: id,
  number: shortText(100),
  orderedOn: isoDate,
  status: z.enum(ORDER_STATUSES).default('confirmed'),
  ownerId: id.nullable().optional().describe("Defaults to the client's owner"),
  externalId: optionalText(200),
  lines: z
    .array(orderLineCreate)
    .min(1, 'an order needs at least one line')
    .max(MAX_ORDER_LINES, `an order may have at most ${MAX_ORDER_LINES} lines`)
    .superRefine((lines, ctx) => {
      const seen = new Set<number>();
      lines.forEach((line, i) => {
        const no = effectiveLineNo(line, i);
        if (seen.has(no)) ctx.addIssue({ code: 'custom', path: [i, 'lineNo'], message: `line number ${no} is used twice` });
        seen.add(no);
      });
    }),
});
export type OrderCreate = z.infer<typeof orderCreate>;

export const orderUpdate = z.object({
  number: shortText(100).optional(),
  orderedOn: isoDate.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  ownerId: id.nullable().optional(),
});
export type OrderUpdate = z.infer<typeof orderUpdate>;

export const orderSummary = z.object({
  id: z.number(),
  companyId: z.number(),
  companyName: z.string(),
  number: z.string(),
  orderedOn: z.string(),
  status: z.enum(ORDER_STATUSES),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  total: z.string(),
  externalId: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type OrderSummary = z.infer<typeof orderSummary>;

export const orderLine = z.object({
  lineNo: z.number(),
  productId: z.number(),
  productName: z.string(),
  sku: z.string(),
  quantity: z.string(),
  price: z.string(),
  cost: z.string(),
  amount: z.string().describe('quantity x price, rounded half-up to kopecks'),
});
export type OrderLine = z.infer<typeof orderLine>;

export const order = orderSummary.extend({ lines: z.array(orderLine) });
export type Order = z.infer<typeof order>;

export const orderListQuery = pageQuery.extend({
  companyId: id.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  ownerId: id.optional(),
  from: isoDate.optional().describe('ordered on or after'),
  to: isoDate.optional().describe('ordered on or before'),
  externalId: z.string().max(200).optional(),
  sort: z.enum(['orderedOn', 'createdAt', 'id']).default('orderedOn'),
});
export type OrderListQuery = z.infer<typeof orderListQuery>;

export const monthlyQuery = z.object({
  months: z.coerce.number().int().min(1).max(120).default(24),
});
export type MonthlyQuery = z.infer<typeof monthlyQuery>;

export const monthlyTotals = z.object({
  companyId: z.number(),
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM'),
      orders: z.number(),
      revenue: z.string(),
      margin: z.string().describe('sum of quantity x (price - cost); may be negative'),
    }),
  ),
});
export type MonthlyTotals = z.infer<typeof monthlyTotals>;
