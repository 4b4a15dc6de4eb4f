import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';

export const insertImportFile = (db: Kysely<DB>, values: { id: string; employeeId: number | null; fileName: string; sizeBytes: number; path: string }) =>
  db
    .insertInto('import_files')
    .values({ id: values.id, employee_id: values.employeeId, file_name: values.fileName, size_bytes: values.sizeBytes, path: values.path })
    .execute();

export const findImportFile = (db: Kysely<DB>, { id }: { id: string }) => db.selectFrom('import_files').selectAll().where('id', '=', id).executeTakeFirst();

export const insertImport = (
  db: Kysely<DB>,
  values: { fileId: string | null; fileName: string; type: string; format: string; dryRun: boolean; employeeId: number | null; options: unknown },
) =>
  db
    .insertInto('imports')
    .values({
      file_id: values.fileId,
      file_name: values.fileName,
      type: values.type,
      format: values.format,
      dry_run: values.dryRun,
      employee_id: values.employeeId,
      options: JSON.stringify(values.options),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

export type ImportOutcome = { status: 'succeeded' | 'failed'; rowsTotal: number; rowsImported: number; rowsFailed: number; counts: unknown; error: string | null };

export const finishImport = (db: Kysely<DB>, { id, outcome }: { id: number; outcome: ImportOutcome }) =>
  db
    .updateTable('imports')
    .set({
      status: outcome.status,
      rows_total: outcome.rowsTotal,
      rows_imported: outcome.rowsImported,
      rows_failed: outcome.rowsFailed,
      counts: JSON.stringify(outcome.counts),
      error: outcome.error,
      finished_at: new Date(),
    })
    .where('id', '=', id)
    .execute();

function selectImports(db: Kysely<DB>) {
  return db.selectFrom('imports').leftJoin('employees as e', 'e.id', 'imports.employee_id').selectAll('imports').select('e.name as employee_name');
}
export type ImportRow = Awaited<ReturnType<ReturnType<typeof selectImports>['executeTakeFirstOrThrow']>>;

export const findImport = (db: Kysely<DB>, { id }: { id: number }) => selectImports(db).where('imports.id', '=', id).executeTakeFirst();

export const listImports = (db: Kysely<DB>, options: PageRequest & { type?: string | undefined }) => {
  let qb = selectImports(db);
  if (options.type) qb = qb.where('imports.type', '=', options.type);
  return fetchPage(qb, { ...options, sortColumn: 'imports.id', idColumn: 'imports.id', sortKey: 'id' });
};

export async function countIssues(db: Kysely<DB>, { importId }: { importId: number }) {
  const rows = await db
    .selectFrom('import_issues')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('import_id', '=', importId)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)])) as Partial<Record<'error' | 'merge', number>>;
}

export async function countIssuesByImport(db: Kysely<DB>, { importIds }: { importIds: number[] }) {
  const out = new Map<number, Partial<Record<'error' | 'merge', number>>>();
  if (importIds.length === 0) return out;
  const rows = await db
    .selectFrom('import_issues')
    .select(['import_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('import_id', 'in', importIds)
    .groupBy(['import_id', 'kind'])
    .execute();
  for (const r of rows) out.set(r.import_id, { ...out.get(r.import_id), [r.kind]: Number(r.n) });
  return out;
}

/** One page of an import's report in row order (keyset on row number, then id). */
export const listIssues = (
  db: Kysely<DB>,
  { importId, kind, after, limit }: { importId: number; kind: 'error' | 'merge'; after: { rowNo: number; id: number }; limit: number },
) =>
  db
    .selectFrom('import_issues')
    .select(['id', 'row_no', 'column_name', 'value', 'message', 'record_id'])
    .where('import_id', '=', importId)
    .where('kind', '=', kind)
    .where(sql<boolean>`(row_no, id) > (${after.rowNo}, ${after.id})`)
    .orderBy('row_no')
    .orderBy('id')
    .limit(limit)
    .execute();

/** Staging tables left behind by a process that died mid-import (the table name carries the import id). */
export async function findStaleStages(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relkind = 'r' AND c.relname ~ '^import_stage_[0-9]+$'
      AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = substring(c.relname from 14)::integer AND i.status = 'running')`.execute(db);
  return rows.map((r) => r.name);
}

/** No import runs for six hours: one still "running" after that was cut off by a crash or restart. */
export const failAbandoned = (db: Kysely<DB>) =>
  db
    .updateTable('imports')
    .set({ status: 'failed', error: 'interrupted: the server stopped during the import; nothing was committed', finished_at: new Date() })
    .where('status', '=', 'running')
    .where('started_at', '<', sql<Date>`now() - interval '6 hours'`)
    .execute();
