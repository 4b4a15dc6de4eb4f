import { CsvTable } from './demo.csv.js';
import type { StaffKey } from './demo.staff.js';

// What the row generator needs to know about the database it writes for: ids of the rows
// inserted up front (staff, catalog, stages) and where each bulk table's ids start.
export type StageRef = { id: number; name: string; kind: 'open' | 'won' | 'lost' };
export type ProductRef = { id: number; categoryIndex: number; listKop: number; costKop: number };

export type DemoWorld = {
  seed: number;
  clients: number;
  years: number;
  /** day number (days since 1970-01-01) of the demo's today */
  today: number;
  staff: Record<StaffKey, { id: number; hiredDay: number }>;
  categories: { id: number; name: string }[];
  products: ProductRef[];
  /** product indices per category index */
  productsByCategory: number[][];
  /** stages in pipeline order */
  stages: StageRef[];
  firstIds: Record<BulkTable, number>;
};

export const BULK_COLUMNS = {
  companies: ['id', 'name', 'legal_name', 'inn', 'kpp', 'status', 'owner_id', 'source_id', 'annual_potential', 'tags', 'address', 'website', 'created_at', 'updated_at'],
  contacts: ['id', 'company_id', 'name', 'position', 'is_decision_maker', 'phones', 'emails', 'birthday', 'created_at', 'updated_at'],
  account_team: ['id', 'company_id', 'employee_id', 'role', 'since', 'until', 'created_at', 'updated_at'],
  orders: ['id', 'company_id', 'number', 'ordered_on', 'status', 'owner_id', 'total', 'created_at', 'updated_at'],
  order_lines: ['id', 'order_id', 'line_no', 'product_id', 'quantity', 'price', 'cost'],
  deals: ['id', 'company_id', 'title', 'stage_id', 'amount', 'expected_close', 'owner_id', 'closed_at', 'created_at', 'updated_at'],
  deal_stage_history: ['id', 'deal_id', 'from_stage_id', 'to_stage_id', 'changed_by', 'changed_at'],
  activities: ['id', 'type', 'employee_id', 'company_id', 'contact_id', 'occurred_at', 'direction', 'summary', 'created_at', 'updated_at'],
  tasks: ['id', 'title', 'due_at', 'assignee_id', 'company_id', 'deal_id', 'status', 'origin', 'result', 'completed_at', 'created_by', 'created_at', 'updated_at'],
} as const;

export type BulkTable = keyof typeof BULK_COLUMNS;
/** Parents before children, so each COPY's foreign keys are already satisfied. */
export const BULK_TABLES = Object.keys(BULK_COLUMNS) as BulkTable[];

export type ChunkTables = Record<BulkTable, CsvTable>;

export function emptyTables(): ChunkTables {
  return Object.fromEntries(BULK_TABLES.map((t) => [t, new CsvTable(t, BULK_COLUMNS[t])])) as ChunkTables;
}

const DAY_MS = 86_400_000;
export const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
// Millions of rows share a few thousand dates and 1440 times of day: format each once.
const dayCache = new Map<number, string>();
const TIMES = Array.from({ length: 1440 }, (_, m) => ` ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+03`);

export function isoDay(day: number): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayCache.size < 100_000) dayCache.set(day, text);
  }
  return text;
}

/** A Moscow-time timestamp literal for day + minutes after midnight. */
export function stamp(day: number, minutes: number): string {
  return isoDay(day) + TIMES[Math.max(0, Math.min(1439, Math.round(minutes)))];
}

/** kopecks as a numeric(15,2) literal */
export const money = (kop: number) => `${Math.floor(kop / 100)}.${String(kop % 100).padStart(2, '0')}`;
