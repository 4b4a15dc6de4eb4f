import { z } from 'zod';
import { id, isoDate, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const ALERT_STATUSES = ['open', 'reviewed', 'dismissed'] as const;

export const signal = z.object({
  metric: z.string().describe('export_rows, reveals, outside_views or interaction_drop'),
  value: z.number(),
  usual: z.number().describe('The employee\'s own baseline: mean per day (per week for interaction_drop)'),
  unit: z.enum(['day', 'week']),
  ratio: z.number().nullable().describe('value / usual; null when the usual value is 0'),
  z: z.number().nullable(),
  text: z.string(),
});
export type SignalDto = z.infer<typeof signal>;

export const alert = z.object({
  id: z.number(),
  kind: z.string(),
  employeeId: z.number(),
  employeeName: z.string(),
  day: isoDate.describe('The day the evidence is about'),
  status: z.enum(ALERT_STATUSES),
  reason: z.string().nullable(),
  evidence: z.record(z.string(), z.unknown()).describe('What, when and how much versus normal; `summary` and `signals` for departure signals'),
  createdAt: timestamp,
  reviewedBy: z.number().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
});
export type Alert = z.infer<typeof alert>;

export const alertListQuery = pageQuery.pick({ cursor: true, limit: true }).extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  status: z.enum(ALERT_STATUSES).optional(),
  kind: z.string().trim().max(100).optional(),
  employeeId: id.optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

export const reviewBody = z.object({ note: shortText(2000).optional() }).nullish();
export const dismissBody = z.object({ reason: shortText(2000).describe('Why this is not a concern: required') });

export const signalsRunResult = z.object({
  day: isoDate,
  employeesChecked: z.number(),
  alerts: z.array(z.object({ id: z.number(), employeeId: z.number(), employeeName: z.string(), summary: z.string() })),
});
export type SignalsRunResult = z.infer<typeof signalsRunResult>;
