import { z } from 'zod';
import { id, isoDateTime, pageQuery, timestamp } from '../shared/common.schema.js';

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'visit', 'note'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;

const summary = z.string().trim().max(10000, 'must be at most 10000 characters');

export const activityCreate = z.object({
  type: z.enum(ACTIVITY_TYPES),
  companyId: id,
  contactId: id.nullable().optional(),
  employeeId: id.optional().describe('Who did it; defaults to you. Only management may log for someone else.'),
  occurredAt: isoDateTime.optional().describe('Defaults to now'),
  direction: z.enum(DIRECTIONS).nullable().optional(),
  summary: summary.default(''),
});
export type ActivityCreate = z.infer<typeof activityCreate>;

export const activityUpdate = z.object({
  type: z.enum(ACTIVITY_TYPES).optional(),
  companyId: id.optional(),
  contactId: id.nullable().optional(),
  employeeId: id.optional(),
  occurredAt: isoDateTime.optional(),
  direction: z.enum(DIRECTIONS).nullable().optional(),
  summary: summary.optional(),
});
export type ActivityUpdate = z.infer<typeof activityUpdate>;

export const activity = z.object({
  id: z.number(),
  type: z.enum(ACTIVITY_TYPES),
  employeeId: z.number(),
  employeeName: z.string(),
  companyId: z.number(),
  companyName: z.string(),
  contactId: z.number().nullable(),
  contactName: z.string().nullable(),
  occurredAt: timestamp,
  direction: z.enum(DIRECTIONS).nullable(),
  summary: z.string(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Activity = z.infer<typeof activity>;

export const activityListQuery = pageQuery.extend({
  companyId: id.optional(),
  employeeId: id.optional(),
  contactId: id.optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  from: isoDateTime.optional().describe('Occurred at or after this moment'),
  to: isoDateTime.optional().describe('Occurred before this moment (exclusive)'),
  sort: z.enum(['occurredAt', 'createdAt', 'id']).default('occurredAt'),
  // The newest touch first is what people look for in a client's history.
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ActivityListQuery = z.infer<typeof activityListQuery>;
