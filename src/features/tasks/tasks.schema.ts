import { z } from 'zod';
import { id, isoDateTime, optionalText, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TASK_ORIGINS = ['manual', 'rule'] as const;
export const DUE_FILTERS = ['today', 'overdue', 'today_or_overdue'] as const;
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

function isTimeZone(value: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// Names only (no "+03:00"): PostgreSQL reads bare offsets with the POSIX sign, the opposite of ISO.
const timeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'must be an IANA time zone name, e.g. Europe/Moscow')
  .refine(isTimeZone, 'must be an IANA time zone name, e.g. Europe/Moscow')
  .default(DEFAULT_TIME_ZONE)
  .describe('Whose "today": an IANA time zone name');

export const taskCreate = z.object({
  title: shortText(300),
  dueAt: isoDateTime.nullable().optional(),
  assigneeId: id.optional().describe('Defaults to you'),
  companyId: id.nullable().optional(),
  dealId: id.nullable().optional().describe("With no companyId, the task is linked to the deal's company"),
  origin: z.enum(TASK_ORIGINS).default('manual'),
});
export type TaskCreate = z.infer<typeof taskCreate>;

export const taskUpdate = z.object({
  title: shortText(300).optional(),
  dueAt: isoDateTime.nullable().optional(),
  assigneeId: id.optional(),
  companyId: id.nullable().optional(),
  dealId: id.nullable().optional(),
});
export type TaskUpdate = z.infer<typeof taskUpdate>;

export const taskComplete = z.object({ result: shortText(5000).describe('What was done: required to close a task') });
// Fastify hands a missing body over as null; the reason is optional.
export const taskCancel = z.object({ result: optionalText(5000).describe('Why it was cancelled') }).nullish();

export const task = z.object({
  id: z.number(),
  title: z.string(),
  dueAt: timestamp.nullable(),
  assigneeId: z.number(),
  assigneeName: z.string(),
  companyId: z.number().nullable(),
  companyName: z.string().nullable(),
  dealId: z.number().nullable(),
  dealTitle: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  origin: z.enum(TASK_ORIGINS),
  result: z.string().nullable(),
  completedAt: timestamp.nullable(),
  createdBy: z.number().nullable(),
  createdByName: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Task = z.infer<typeof task>;

export const taskListQuery = pageQuery.extend({
  assigneeId: id.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  companyId: id.optional(),
  dealId: id.optional(),
  due: z.enum(DUE_FILTERS).optional().describe('today: due on today\'s date in `tz`; overdue: open and past due'),
  tz: timeZone,
  sort: z.enum(['dueAt', 'createdAt', 'id']).default('dueAt').describe('dueAt puts undated tasks last'),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const myDayQuery = pageQuery.pick({ cursor: true, limit: true }).extend({ tz: timeZone });
export type MyDayQuery = z.infer<typeof myDayQuery>;
