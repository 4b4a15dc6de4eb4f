import { z } from 'zod';
import { id, isoDateTime, timestamp } from '../shared/common.schema.js';

export const auditListQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  employeeId: id.optional().describe('who acted'),
  action: z.string().trim().min(1).max(100).optional().describe('e.g. contact.reveal, auth.login_failed'),
  companyId: id.optional(),
  from: isoDateTime.optional().describe('at or after'),
  to: isoDateTime.optional().describe('before'),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEntry = z.object({
  id: z.number(),
  at: timestamp,
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  companyId: z.number().nullable(),
  companyName: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const verifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().describe('entries verified before the first broken one (all of them when ok)'),
  lastId: z.number().nullable().describe('the last entry verified intact'),
  firstBroken: z
    .object({ id: z.number(), reason: z.enum(['prev_hash_mismatch', 'hash_mismatch']) })
    .nullable()
    .describe('prev_hash_mismatch: an entry before it was deleted or re-chained; hash_mismatch: this entry was edited'),
});
