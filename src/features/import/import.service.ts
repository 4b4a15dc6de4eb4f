import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { forbidden, invalidField, notFound } from '../../domain/errors.js';
import type { ImportType } from '../../domain/import/fields.js';
import * as repo from './import.repository.js';
import { progressOf, runImport, runningSnapshot } from './import.runner.js';
import type { ImportJob, ImportListQuery, ImportProgress, ImportSettings, UploadedFile } from './import.schema.js';
import { openSource, previewFile } from './source/open.js';

const UPLOAD_DIR = path.join(os.tmpdir(), 'holdfast-imports');
const UPLOAD_TTL_MS = 24 * 3600 * 1000;

/** Imports and exports move the whole client base: management only, until the export-control rules land. */
export function assertMayTransfer(actor: Actor | null) {
  if (actor && !isManagement(actor)) throw forbidden('Only management can import or export data');
}

function sweepOldUploads() {
  // Uploads are only needed between the upload, the dry run and the commit.
  for (const name of fs.existsSync(UPLOAD_DIR) ? fs.readdirSync(UPLOAD_DIR) : []) {
    const p = path.join(UPLOAD_DIR, name);
    if (Date.now() - fs.statSync(p).mtimeMs > UPLOAD_TTL_MS) fs.rmSync(p, { force: true });
  }
}

export async function saveUpload(ctx: AppContext, actor: Actor, { fileName, stream }: { fileName: string; stream: Readable & { truncated?: boolean } }) {
  assertMayTransfer(actor);
  fs.mkdirSync(UPLOAD_DIR, { recursive: true });
  sweepOldUploads();
  const id = randomUUID();
  const target = path.join(UPLOAD_DIR, id);
  await pipeline(stream, fs.createWriteStream(target));
  if (stream.truncated) {
    fs.rmSync(target, { force: true });
    throw invalidField('file', 'is larger than the upload limit');
  }
  const name = path.basename(fileName || 'upload').slice(0, 300) || 'upload';
  await repo.insertImportFile(ctx.db, { id, employeeId: actor.id, fileName: name, sizeBytes: fs.statSync(target).size, path: target });
  return id;
}

async function uploadedFile(ctx: AppContext, fileId: string) {
  const file = await repo.findImportFile(ctx.db, { id: fileId });
  if (!file || !fs.existsSync(file.path)) throw notFound('Uploaded file', fileId);
  return file;
}

const sourceOptions = (type: ImportType, settings: ImportSettings = {}) => ({
  type,
  columns: settings.columns,
  encoding: settings.encoding,
  delimiter: settings.delimiter,
  priceType: settings.priceType,
});

export async function describeUpload(ctx: AppContext, actor: Actor, fileId: string, type: ImportType, settings?: ImportSettings): Promise<UploadedFile> {
  assertMayTransfer(actor);
  const file = await uploadedFile(ctx, fileId);
  const preview = await previewFile(file.path, sourceOptions(type, settings));
  return { fileId, fileName: file.file_name, sizeBytes: Number(file.size_bytes), type, ...preview };
}

export type StartImport = {
  type: ImportType;
  dryRun: boolean;
  settings?: ImportSettings | undefined;
  /** An uploaded file (HTTP) or a path on this machine (CLI). */
  fileId?: string | undefined;
  filePath?: string | undefined;
  onProgress?: (p: ImportProgress) => void;
  bulkLines?: number | undefined;
};

/**
 * Checks the file can be read with the mapping (a 400 otherwise), records the import and runs it
 * in the background; `done` settles when it has finished (successfully or not).
 */
export async function startImport(ctx: AppContext, actor: Actor | null, input: StartImport): Promise<{ id: number; done: Promise<void> }> {
  assertMayTransfer(actor);
  await cleanUpInterrupted(ctx);
  const file = input.fileId ? await uploadedFile(ctx, input.fileId) : null;
  const filePath = file?.path ?? input.filePath;
  if (!filePath || !fs.existsSync(filePath)) throw invalidField('file', `no such file: ${filePath ?? ''}`);
  const source = await openSource(filePath, sourceOptions(input.type, input.settings));
  const { id } = await repo.insertImport(ctx.db, {
    fileId: file?.id ?? null,
    fileName: file?.file_name ?? path.basename(filePath),
    type: input.type,
    format: source.format,
    dryRun: input.dryRun,
    employeeId: actor?.id ?? null,
    options: { ...input.settings, encoding: source.encoding ?? undefined, delimiter: source.delimiter ?? undefined },
  });
  const done = runImport(ctx, id, source, { dryRun: input.dryRun, timezone: input.settings?.timezone, onProgress: input.onProgress, bulkLines: input.bulkLines });
  return { id, done };
}

const issueDto = (r: Awaited<ReturnType<typeof repo.listIssues>>[number]) => ({
  rowNo: r.row_no,
  column: r.column_name,
  value: r.value,
  message: r.message,
  recordId: r.record_id,
});

function toJobDto(
  row: repo.ImportRow,
  live: ImportProgress | null,
  issues: { errors: number; merges: number; mergeList: ReturnType<typeof issueDto>[] },
): ImportJob {
  // `live` is read before the row: a "running" row that this process was not running then was cut off by a restart.
  const progress = row.status === 'running' ? live : null;
  const interrupted = row.status === 'running' && !live;
  return {
    id: row.id,
    type: row.type as ImportJob['type'],
    format: row.format as ImportJob['format'],
    fileName: row.file_name,
    dryRun: row.dry_run,
    status: interrupted ? 'failed' : (row.status as ImportJob['status']),
    employeeId: row.employee_id,
    employeeName: row.employee_name,
    rowsTotal: row.rows_total,
    rowsImported: row.rows_imported,
    rowsFailed: row.rows_failed,
    counts: (row.counts ?? {}) as ImportJob['counts'],
    errorCount: issues.errors,
    mergeCount: issues.merges,
    merges: issues.mergeList,
    progress,
    error: interrupted ? 'interrupted: the server stopped during the import; nothing was committed' : row.error,
    errorsUrl: `/api/v1/imports/${row.id}/errors.csv`,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export async function getImport(ctx: AppContext, actor: Actor | null, id: number): Promise<ImportJob> {
  assertMayTransfer(actor);
  const live = progressOf(id);
  const row = await repo.findImport(ctx.db, { id });
  if (!row) throw notFound('Import', id);
  const counts = await repo.countIssues(ctx.db, { importId: id });
  const merges = await repo.listIssues(ctx.db, { importId: id, kind: 'merge', after: { rowNo: -1, id: 0 }, limit: 100 });
  return toJobDto(row, live, { errors: counts.error ?? 0, merges: counts.merge ?? 0, mergeList: merges.map(issueDto) });
}

export async function listImports(ctx: AppContext, actor: Actor, query: ImportListQuery) {
  assertMayTransfer(actor);
  const live = runningSnapshot();
  const page = await repo.listImports(ctx.db, query);
  const counts = await repo.countIssuesByImport(ctx.db, { importIds: page.items.map((r) => r.id) });
  const items = page.items.map((row) => {
    const c = counts.get(row.id);
    return toJobDto(row, live.get(row.id) ?? null, { errors: c?.error ?? 0, merges: c?.merge ?? 0, mergeList: [] });
  });
  return { items, nextCursor: page.nextCursor };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const REPORT_HEADERS = {
  error: { ru: ['Строка', 'Столбец', 'Значение', 'Ошибка'], en: ['Row', 'Column', 'Value', 'Problem'] },
  merge: { ru: ['Строка', 'Столбец', 'Значение', 'Что объединено', 'ID записи'], en: ['Row', 'Column', 'Value', 'Merged', 'Record ID'] },
};

/** The bad-rows (or merges) report as CSV for Excel: BOM, semicolons, streamed in batches. */
export async function issuesCsv(ctx: AppContext, actor: Actor | null, id: number, kind: 'error' | 'merge', lang: 'ru' | 'en'): Promise<AsyncIterable<string>> {
  assertMayTransfer(actor);
  if (!(await repo.findImport(ctx.db, { id }))) throw notFound('Import', id);
  return (async function* () {
    yield `\uFEFF${REPORT_HEADERS[kind][lang].join(';')}\r\n`;
    let after = { rowNo: -1, id: 0 };
    for (;;) {
      const rows = await repo.listIssues(ctx.db, { importId: id, kind, after, limit: 5000 });
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      after = { rowNo: last.row_no, id: last.id };
      yield rows
        .map((r) => [r.row_no, r.column_name, r.value, r.message, ...(kind === 'merge' ? [r.record_id] : [])].map(csvCell).join(';') + '\r\n')
        .join('');
    }
  })();
}

/** Drops staging tables left by imports that are no longer running (a crash or restart mid-import). */
export async function cleanUpInterrupted(ctx: AppContext): Promise<void> {
  await repo.failAbandoned(ctx.db);
  for (const table of await repo.findStaleStages(ctx.db)) await ctx.db.schema.dropTable(table).ifExists().execute();
}
