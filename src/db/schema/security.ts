import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt } from './columns.js';

// Who sees what, the audit trail, reveals, alerts, export control and login throttling (migrations/2026-11-22T2330_security.ts, 2340_signals.ts).

export type RolePoliciesTable = {
  role: string;
  client_scope: string;
  mask_phones: boolean;
  mask_emails: boolean;
  reveal_daily_limit: number;
  export_allowed: boolean;
  export_row_limit: number | null;
  export_approval_above: number | null;
  updated_at: Generated<Date>;
  updated_by: number | null;
};

/** The policy itself: a role_policies row without its key and bookkeeping (also its to_jsonb form). */
export type RolePolicyColumns = Omit<RolePoliciesTable, 'role' | 'updated_at' | 'updated_by'>;

/** Append-only: rows are inserted by appendAudit only, never updated or deleted. */
export type AuditLogTable = {
  id: Generated<number>;
  at: ColumnType<Date, Date | string, never>;
  actor_id: number | null;
  action: string;
  company_id: number | null;
  entity: string | null;
  entity_id: string | null;
  details: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
};

export type RevealsTable = {
  id: Generated<number>;
  employee_id: number;
  contact_id: number;
  field: string;
  reason: string;
  at: CreatedAt;
};

export type SecurityAlertsTable = {
  id: Generated<number>;
  kind: string;
  employee_id: number;
  day: ColumnType<string, string | undefined, string>;
  evidence: ColumnType<unknown, string | undefined, string>;
  status: Generated<string>;
  reason: string | null;
  created_at: CreatedAt;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  task_ids: ColumnType<number[], number[] | undefined, number[]>;
};

export type ExportRequestsTable = {
  id: Generated<number>;
  employee_id: number;
  entity: string;
  format: string | null;
  filters: ColumnType<unknown, string | undefined, string>;
  row_count: number;
  reason: string;
  status: Generated<string>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  used_at: Timestamp | null;
  created_at: CreatedAt;
};

export type LoginAttemptsTable = {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type EmployeeNoticesTable = {
  id: Generated<number>;
  employee_id: number;
  to_competitor: boolean;
  last_day: string | null;
  note: string | null;
  created_by: number | null;
  created_at: CreatedAt;
};
