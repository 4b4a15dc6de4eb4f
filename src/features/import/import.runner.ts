import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { ImportType } from '../../domain/import/fields.js';
import { validateRow } from '../../domain/import/validate-row.js';
import * as repo from './import.repository.js';
import type { ImportProgress } from './import.schema.js';
import { activitiesMerger } from './merge/activities.js';
import type { Counts, MergeContext, Merger } from './merge/common.js';
import { companiesMerger } from './merge/companies.js';
import { contactsMerger } from './merge/contacts.js';
import { ordersMerger } from './merge/orders.js';
import { productsMerger } from './merge/products.js';
import type { RecordSource } from './source/records.js';
import { createStage, dropStage, indexStage, StageWriter } from './staging.js';

const MERGERS: Record<ImportType, Merger> = {
  companies: companiesMerger,
  contacts: contactsMerger,
  products: productsMerger,
  orders: ordersMerger,
  activities: activitiesMerger,
};

// Progress of running imports, for polling; the database is busy with the import itself.
const running = new Map<number, ImportProgress>();
export const progressOf = (id: number) => running.get(id) ?? null;
export const runningSnapshot = () => new Map([...running].map(([id, p]) => [id, { ...p }]));

export type RunOptions = {
  dryRun: boolean;
  timezone?: string | undefined;
  onProgress?: (p: ImportProgress) => void;
  /** New order lines from which foreign keys are validated once for the table instead of per row. */
  bulkLines?: number | undefined;
};

// Below this, per-row foreign key checks cost under a second and keep order_lines readable meanwhile.
const BULK_LINES = 50_000;

// Keeps a failure readable: PostgreSQL's message plus its detail ("Key (sku)=(A-1) already exists.").
function describe(err: unknown): string {
  const e = err as { message?: string; detail?: string };
  const msg = e.message ?? String(err);
  return e.detail ? `${msg} (${e.detail})` : msg;
}

/**
 * Runs one import: streams the file's records through validation into the staging table in
 * batches (constant memory), then merges set-based in ONE transaction. A dry run does the same
 * and rolls the writes back, keeping only the report.
 */
export async function runImport(ctx: AppContext, importId: number, source: RecordSource, options: RunOptions): Promise<void> {
  const progress: ImportProgress = { phase: 'reading', rowsRead: 0, bytesRead: 0, totalBytes: source.totalBytes };
  const report = () => {
    progress.bytesRead = Math.min(source.bytesRead(), source.totalBytes);
    options.onProgress?.({ ...progress });
  };
  running.set(importId, progress);
  let outcome: repo.ImportOutcome | null = null;
  let rowsTotal = 0;
  try {
    const stage = await createStage(ctx.db, importId, source.type);
    const writer = new StageWriter(ctx.database, stage, source.type, importId, source.labels, ctx.database.kind === 'pglite' ? 20_000 : 10_000);
    for await (const batch of source.records) {
      for (const record of batch) {
        const result = record.rejected
          ? { values: {}, issues: [{ ...record.rejected, value: '' }] }
          : validateRow(source.type, record.get, { timezone: options.timezone });
        writer.add(record.rowNo, result.values, result.issues);
      }
      progress.rowsRead += batch.length;
      if (writer.full) {
        await writer.flush();
        report();
      }
    }
    await writer.finish();
    rowsTotal = writer.rec;
    progress.phase = 'merging';
    report();
    await indexStage(ctx.db, stage);
    outcome = await merge(ctx, { importId, stage, type: source.type, labels: source.labels, dryRun: options.dryRun, rowsTotal, bad: writer.bad, present: writer.present, bulkLines: options.bulkLines ?? BULK_LINES });
  } catch (err) {
    outcome = { status: 'failed', rowsTotal, rowsImported: 0, rowsFailed: 0, counts: {}, error: describe(err) };
    await repo.finishImport(ctx.db, { id: importId, outcome });
  } finally {
    source.close();
    running.delete(importId);
    await dropStage(ctx.db, importId).catch(() => undefined);
  }
  progress.phase = 'done';
  options.onProgress?.({ ...progress, bytesRead: source.totalBytes });
}

type MergeJob = {
  importId: number;
  stage: string;
  type: ImportType;
  labels: Record<string, string>;
  dryRun: boolean;
  rowsTotal: number;
  bad: number;
  present: Set<string>;
  bulkLines: number;
};

async function merge(ctx: AppContext, job: MergeJob): Promise<repo.ImportOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    // One merge at a time: two imports matching the same new client would otherwise both create it.
    await sql`SELECT pg_advisory_xact_lock(hashtext('holdfast-import'))`.execute(trx);
    if (ctx.database.kind === 'postgres') await sql`SET LOCAL work_mem = '128MB'`.execute(trx);
    const counts: Counts = {};
    const m: MergeContext = { trx, stage: job.stage, importId: job.importId, labels: job.labels, counts, rejected: job.bad, present: job.present, bulkLines: job.bulkLines };
    const merger = MERGERS[job.type];
    await merger.analyse(m);
    let error: string | null = null;
    await sql`SAVEPOINT import_write`.execute(trx);
    try {
      await merger.write(m);
      if (job.dryRun) await sql`ROLLBACK TO SAVEPOINT import_write`.execute(trx);
    } catch (err) {
      // A commit that fails rolls everything back (the transaction rethrows); a dry run keeps its report.
      if (!job.dryRun) throw err;
      await sql`ROLLBACK TO SAVEPOINT import_write`.execute(trx);
      error = `the commit would fail: ${describe(err)}`;
    }
    const { rows } = await sql<{ ok: number; bad: number }>`
      SELECT count(*) FILTER (WHERE ok)::integer AS ok, count(*) FILTER (WHERE NOT ok)::integer AS bad FROM ${sql.table(job.stage)}`.execute(trx);
    const outcome: repo.ImportOutcome = {
      status: error ? 'failed' : 'succeeded',
      rowsTotal: job.rowsTotal,
      rowsImported: error ? 0 : Number(rows[0]?.ok ?? 0),
      rowsFailed: Number(rows[0]?.bad ?? 0),
      counts,
      error,
    };
    await repo.finishImport(trx, { id: job.importId, outcome });
    return outcome;
  });
}
