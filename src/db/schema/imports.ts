import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt } from './columns.js';

// Import jobs, their files and the bad rows they report (migrations/2026-11-22T2320_imports.ts).

export type ImportFilesTable = {
  id: string;
  employee_id: number | null;
  file_name: string;
  size_bytes: number;
  path: string;
  created_at: CreatedAt;
};

export type ImportsTable = {
  id: Generated<number>;
  file_id: string | null;
  file_name: string;
  type: string;
  format: string;
  dry_run: boolean;
  status: Generated<string>;
  employee_id: number | null;
  options: ColumnType<unknown, string | undefined, string>;
  rows_total: Generated<number>;
  rows_imported: Generated<number>;
  rows_failed: Generated<number>;
  counts: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
};

export type ImportIssuesTable = {
  id: Generated<number>;
  import_id: number;
  kind: string;
  row_no: number;
  column_name: string | null;
  value: string | null;
  message: string;
  record_id: number | null;
};
