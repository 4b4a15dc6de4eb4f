import { z } from 'zod';
import { IMPORT_TYPES } from '../../domain/import/fields.js';
import { id, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const EXPORT_ENTITIES = IMPORT_TYPES;
export const EXPORT_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'used'] as const;

const filterValue = z.union([z.string().max(200), z.number(), z.boolean()]);

export const exportRequestCreate = z.object({
  entity: z.enum(EXPORT_ENTITIES),
  format: z.enum(['csv', 'xlsx']).nullable().optional(),
  rowCount: z.number().int().min(1).max(10_000_000).describe('Rows the export will have (the refusal message states it)'),
  filters: z
    .record(z.string().max(50), filterValue)
    .refine((r) => Object.keys(r).length <= 20, 'at most 20 filters')
    .default({}),
  reason: shortText(1000).describe('Why the export is needed: the approver reads it'),
});
export type ExportRequestCreate = z.infer<typeof exportRequestCreate>;

export const exportRequest = z.object({
  id: z.number(),
  employeeId: z.number(),
  employeeName: z.string(),
  entity: z.string(),
  format: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
  rowCount: z.number(),
  reason: z.string(),
  status: z.enum(EXPORT_REQUEST_STATUSES),
  decidedBy: z.number().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  decisionNote: z.string().nullable(),
  usedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type ExportRequest = z.infer<typeof exportRequest>;

export const exportRequestListQuery = pageQuery.pick({ cursor: true, limit: true }).extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  status: z.enum(EXPORT_REQUEST_STATUSES).optional(),
  employeeId: id.optional(),
  entity: z.enum(EXPORT_ENTITIES).optional(),
});
export type ExportRequestListQuery = z.infer<typeof exportRequestListQuery>;

export const approveBody = z.object({ note: shortText(1000).optional() }).nullish();
export const rejectBody = z.object({ reason: shortText(1000).describe('Why not: the requester reads it') });
