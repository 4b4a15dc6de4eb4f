import { type Kysely, sql } from 'kysely';

// Analytics read models, all derived (src/features/analytics): a per-client monthly rollup (one pass over
// the order lines), the quarterly ABC/XYZ class changes, and a per-client snapshot the dashboard reads.
// No foreign keys: they would slow every rebuild and the rows carry no facts of their own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_company_months (
      company_id integer NOT NULL,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      revenue numeric(15,2) NOT NULL,
      margin numeric(15,2) NOT NULL,
      orders integer NOT NULL,
      lines integer NOT NULL,
      first_order_on date NOT NULL,
      last_order_on date NOT NULL,
      categories integer[] NOT NULL,
      PRIMARY KEY (company_id, month)
    );
    -- Period scans (ABC over chosen months) read only this index.
    CREATE INDEX analytics_company_months_month_idx ON analytics_company_months (month, company_id) INCLUDE (revenue, margin, orders);

    -- The class history: ABC by revenue and XYZ over the 12 months ending at each calendar quarter
    -- end, one row where a client's class first appears or changes (or it comes back after a gap).
    CREATE TABLE analytics_class_history (
      company_id integer NOT NULL,
      period_end date NOT NULL,
      abc char(1) NOT NULL CHECK (abc IN ('A','B','C')),
      xyz char(1) CHECK (xyz IN ('X','Y','Z')),
      revenue numeric(15,2) NOT NULL,
      cv numeric(12,4),
      previous_abc char(1),
      previous_xyz char(1),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, period_end)
    );
    CREATE INDEX analytics_class_history_period_idx ON analytics_class_history (period_end, company_id);

    -- One row per client with a sale in the last 12 complete months or the year before today (as of
    -- analytics_state.clients_as_of): what the dashboard lists, read by index instead of aggregated per request.
    CREATE TABLE analytics_clients (
      company_id integer PRIMARY KEY,
      revenue numeric(15,2) NOT NULL,
      margin numeric(15,2) NOT NULL,
      orders_12m integer NOT NULL,
      months_12m integer NOT NULL,
      categories_12m integer NOT NULL,
      cv numeric(12,4),
      xyz char(1),
      revenue_rank integer,
      revenue_abc char(1),
      margin_rank integer,
      margin_abc char(1),
      knowers integer NOT NULL,
      knower_ids integer[] NOT NULL,
      churn_active boolean NOT NULL,
      score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
      pattern text NOT NULL,
      orders integer NOT NULL,
      first_order_on date NOT NULL,
      last_order_on date NOT NULL,
      revenue_recent numeric(15,2) NOT NULL,
      revenue_year_ago numeric(15,2) NOT NULL,
      orders_recent integer NOT NULL,
      orders_year_ago integer NOT NULL,
      categories_recent integer NOT NULL,
      categories_year_ago integer NOT NULL
    );
    CREATE INDEX analytics_clients_revenue_rank_idx ON analytics_clients (revenue_rank) WHERE revenue_rank IS NOT NULL;
    CREATE INDEX analytics_clients_margin_rank_idx ON analytics_clients (margin_rank) WHERE margin_rank IS NOT NULL;
    CREATE INDEX analytics_clients_score_idx ON analytics_clients (score DESC, company_id) WHERE churn_active;
    CREATE INDEX analytics_clients_sole_idx ON analytics_clients ((knower_ids[1]), revenue DESC, company_id) WHERE knowers = 1 AND revenue > 0;

    -- Per employee, from the snapshot: the revenue that walks out with them, ranked.
    CREATE TABLE analytics_employees (
      employee_id integer PRIMARY KEY,
      rank integer NOT NULL,
      walk_away numeric(15,2) NOT NULL,
      sole_clients integer NOT NULL,
      clients_known integer NOT NULL,
      owned_revenue numeric(15,2) NOT NULL
    );
    CREATE INDEX analytics_employees_rank_idx ON analytics_employees (rank);

    -- One row: how far the read models have caught up with the orders table.
    CREATE TABLE analytics_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      orders_watermark timestamptz,
      team_watermark timestamptz,
      activities_watermark timestamptz,
      employees_watermark timestamptz,
      rollup_refreshed_at timestamptz,
      history_computed_at timestamptz,
      history_through date,
      clients_as_of date,
      clients_computed_at timestamptz,
      -- company-wide totals of the snapshot (class matrices, knower and score histograms)
      summary jsonb NOT NULL DEFAULT '{}'
    );
    INSERT INTO analytics_state (id) VALUES (true);

    -- "What changed since the last refresh" must be an index probe, not a scan.
    CREATE INDEX orders_updated_idx ON orders (updated_at);
    CREATE INDEX account_team_updated_idx ON account_team (updated_at);
    CREATE INDEX activities_updated_idx ON activities (updated_at);
    -- "Large potential" is a percentile of the known potentials: an index walk instead of a sort.
    CREATE INDEX companies_potential_idx ON companies (annual_potential) WHERE annual_potential > 0 AND archived_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX orders_updated_idx, account_team_updated_idx, activities_updated_idx, companies_potential_idx;
    DROP TABLE analytics_state, analytics_employees, analytics_clients, analytics_class_history, analytics_company_months;
  `.execute(db);
}
