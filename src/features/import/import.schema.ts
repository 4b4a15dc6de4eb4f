import { z } from 'zod';
import { IMPORT_TYPES } from '../../domain/import/fields.js';
import { pageQuery, timestamp } from '../shared/common.schema.js';

export const importType = z.enum(IMPORT_TYPES);
export const FILE_FORMATS = ['csv', 'xlsx', 'commerceml'] as const;

/** How to read a file: column choices (field -> header text or 1-based column number, null to skip) and reader hints. */
export const importSettings = z.object({
  columns: z
    .record(z.string().max(50), z.union([z.string().trim().min(1).max(300), z.number().int().min(1).max(10_000), z.null()]))
    .optional()
    .describe('field -> header text or 1-based column number; null skips a detected column'),
  encoding: z.enum(['utf-8', 'windows-1251', 'cp1251', 'utf-16le', 'koi8-r']).optional().describe('Detected when absent'),
  delimiter: z.enum([';', ',', '\t', '|']).optional().describe('Detected when absent'),
  timezone: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'must be an offset like +03:00').optional().describe('For times without an offset; default +03:00'),
  priceType: z.string().trim().max(200).optional().describe('CommerceML offers: the price type (name or Ид) to use as list price'),
});
export type ImportSettings = z.infer<typeof importSettings>;

/** A mapping file for the CLI: the settings object, or just the columns object. */
export function parseMappingFile(json: unknown): ImportSettings {
  const obj = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const settingsKeys = Object.keys(importSettings.shape);
  const looksLikeSettings = Object.keys(obj).some((k) => settingsKeys.includes(k));
  return importSettings.parse(looksLikeSettings ? obj : { columns: obj });
}

export const uploadQuery = z.object({ type: importType });

export const field = z.object({ key: z.string(), label: z.string(), labelRu: z.string(), required: z.boolean() });

export const uploadedFile = z.object({
  fileId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  type: importType,
  format: z.enum(FILE_FORMATS),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.number().nullable()).describe('field -> 1-based column number in headers, or null'),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).describe('Why the file cannot be imported with this mapping'),
  rows: z.array(z.object({ rowNo: z.number(), cells: z.array(z.string()) })).describe('The first rows, for a preview'),
  fields: z.array(field),
});
export type UploadedFile = z.infer<typeof uploadedFile>;

export const fileParams = z.object({ fileId: z.uuid() });
export const previewBody = z.object({ type: importType, settings: importSettings.optional() });

export const importStart = z.object({
  fileId: z.uuid(),
  type: importType,
  dryRun: z.boolean().describe('true validates everything and reports, writing nothing; false commits'),
  settings: importSettings.optional(),
  wait: z.boolean().default(false).describe('Answer when the import has finished instead of at once'),
});
export type ImportStart = z.infer<typeof importStart>;

export const importIssue = z.object({
  rowNo: z.number(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
  recordId: z.number().nullable(),
});

export const importProgress = z.object({
  phase: z.enum(['reading', 'merging', 'done']),
  rowsRead: z.number(),
  bytesRead: z.number(),
  totalBytes: z.number(),
});
export type ImportProgress = z.infer<typeof importProgress>;

export const importJob = z.object({
  id: z.number(),
  type: importType,
  format: z.enum(FILE_FORMATS),
  fileName: z.string(),
  dryRun: z.boolean(),
  status: z.enum(['running', 'succeeded', 'failed']),
  employeeId: z.number().nullable(),
  employeeName: z.string().nullable(),
  rowsTotal: z.number(),
  rowsImported: z.number().describe('Rows that were (or, in a dry run, would be) imported'),
  rowsFailed: z.number(),
  counts: z.record(z.string(), z.record(z.string(), z.number())).describe('e.g. {"orders": {"created": 10, "updated": 2}}'),
  errorCount: z.number(),
  mergeCount: z.number(),
  merges: z.array(importIssue).describe('The first 100 records merged into existing ones'),
  progress: importProgress.nullable(),
  error: z.string().nullable(),
  errorsUrl: z.string(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type ImportJob = z.infer<typeof importJob>;

export const importListQuery = pageQuery.omit({ includeArchived: true }).extend({ type: importType.optional(), dir: z.enum(['asc', 'desc']).default('desc') });
export type ImportListQuery = z.infer<typeof importListQuery>;

export const EXPORT_ENTITIES = IMPORT_TYPES;
export const exportParams = z.object({ entity: z.enum(EXPORT_ENTITIES), format: z.enum(['csv', 'xlsx']) });
export const exportQuery = z.object({
  lang: z.enum(['ru', 'en']).default('ru').describe('ru: Russian headers, ";" and decimal commas (Russian Excel); en: English headers, "," and dots'),
});
export type ExportQuery = z.infer<typeof exportQuery>;
