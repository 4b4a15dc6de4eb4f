import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, Numeric, IntArray } from './columns.js';

// Analytics read models (migrations/2026-11-22T2310_analytics.ts and later), rebuilt from orders.

export type AnalyticsCompanyMonthsTable = {
  company_id: number;
  month: string;
  revenue: Numeric;
  margin: Numeric;
  orders: number;
  lines: number;
  first_order_on: string;
  last_order_on: string;
  /** the categories bought: bit (id % 64) of word (id / 64) is category id; hf_category_ids reads them back
   * (int8[]: the driver hands the words over as strings) */
  category_bits: ColumnType<string[], string[], string[]>;
};

/** Running totals per client by sale month (migrations/2026-11-23T0420_analytics_client_series.ts). */
export type AnalyticsClientSeriesTable = {
  company_id: number;
  months: ColumnType<string[], string[], string[]>;
  /** cumulative whole kopecks */
  revenue: IntArray;
  margin: IntArray;
  /** cumulative sum of squared monthly revenue (float8) */
  squares: ColumnType<number[], number[], number[]>;
};

export type AnalyticsClassHistoryTable = {
  company_id: number;
  period_end: string;
  abc: string;
  xyz: string | null;
  revenue: Numeric;
  cv: Numeric | null;
  previous_abc: string | null;
  previous_xyz: string | null;
  computed_at: CreatedAt;
};

export type AnalyticsClientsTable = {
  company_id: number;
  revenue: Numeric;
  margin: Numeric;
  orders_12m: number;
  months_12m: number;
  categories_12m: number;
  cv: Numeric | null;
  xyz: string | null;
  revenue_rank: number | null;
  revenue_abc: string | null;
  margin_rank: number | null;
  margin_abc: string | null;
  knowers: number;
  knower_ids: IntArray;
  churn_active: boolean;
  score: number;
  pattern: string;
  orders: number;
  first_order_on: string;
  last_order_on: string;
  revenue_recent: Numeric;
  revenue_year_ago: Numeric;
  orders_recent: number;
  orders_year_ago: number;
  categories_recent: number;
  categories_year_ago: number;
};

export type AnalyticsEmployeesTable = {
  employee_id: number;
  rank: number;
  walk_away: Numeric;
  sole_clients: number;
  clients_known: number;
  owned_revenue: Numeric;
};

export type AnalyticsStateTable = {
  id: Generated<boolean>;
  orders_watermark: Timestamp | null;
  team_watermark: Timestamp | null;
  activities_watermark: Timestamp | null;
  employees_watermark: Timestamp | null;
  rollup_refreshed_at: Timestamp | null;
  history_computed_at: Timestamp | null;
  history_through: string | null;
  clients_as_of: string | null;
  clients_computed_at: Timestamp | null;
  summary: ColumnType<unknown, string | undefined, string>;
};
