import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, Numeric, NumericDefault } from './columns.js';

// Departures, absences and hunter handovers (migrations/2026-11-22T2350_handover.ts and later).

export type HandoverSettingsTable = {
  id: Generated<boolean>;
  min_tenure_months: Generated<number>;
  load_tolerance_pct: NumericDefault;
  recent_interaction_days: Generated<number>;
  forward_months: Generated<number>;
  key_account_min_potential: NumericDefault;
  key_account_max_share_pct: NumericDefault;
  call_script: string;
  retention_offer: string;
  goodbye_subject: string;
  goodbye_body: string;
  welcome_subject: string;
  welcome_body: string;
  updated_at: Generated<Date>;
  updated_by: number | null;
};

export type HandoversTable = {
  id: Generated<number>;
  kind: string;
  employee_id: number;
  status: Generated<string>;
  reason: string | null;
  to_competitor: Generated<boolean>;
  last_day: string | null;
  absent_from: string | null;
  absent_to: string | null;
  first_day: string;
  successor_pool: ColumnType<number[], number[], number[]>;
  call_script: string;
  retention_offer: string;
  credit_share_pct: Numeric | null;
  credit_months: number | null;
  summary: ColumnType<unknown, string | undefined, string>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: number | null;
  approved_by: number | null;
  approved_at: Timestamp | null;
  executed_by: number | null;
  executed_at: Timestamp | null;
  credentials_revoked_at: Timestamp | null;
  returned_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type HandoverItemsTable = {
  id: Generated<number>;
  handover_id: number;
  kind: string;
  entity_id: number;
  company_id: number | null;
  abc: string | null;
  revenue: Numeric | null;
  seat_role: string | null;
  previous_owner_id: number;
  successor_id: number | null;
  follows_client: Generated<boolean>;
  reason: string;
  reason_code: string | null;
  reason_params: ColumnType<unknown, string | null | undefined, string | null>;
  status: Generated<string>;
  note: string | null;
  new_seat_id: number | null;
  executed_at: Timestamp | null;
  returned_at: Timestamp | null;
};

export type HandoverMessagesTable = {
  id: Generated<number>;
  handover_id: number;
  company_id: number;
  contact_id: number | null;
  successor_id: number;
  channel: string;
  step: number;
  from_address: string | null;
  to_address: string | null;
  subject: string | null;
  body: string;
  due_on: string;
  task_id: number | null;
  status: Generated<string>;
  sent_at: Timestamp | null;
  reached_at: Timestamp | null;
  note: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type MailForwardsTable = {
  id: Generated<number>;
  handover_id: number;
  address: string;
  company_id: number | null;
  successor_id: number;
  until: string;
  created_at: CreatedAt;
};

export type HunterCreditSharesTable = {
  id: Generated<number>;
  handover_id: number;
  company_id: number;
  hunter_id: number;
  account_manager_id: number;
  share_pct: Numeric;
  valid_from: string;
  valid_until: string;
  created_at: CreatedAt;
};
