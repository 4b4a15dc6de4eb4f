import { type Kysely, sql } from 'kysely';

// Analytics read models, all derived from orders and rebuilt by src/features/analytics/rollup.repository.ts:
// a per-client monthly rollup (one pass over the order lines), the quarterly ABC/XYZ class history and
// the churn-risk snapshot. No foreign keys: they would double the cost of a full rebuild and the rows
// carry no facts of their own.
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

    -- ABC by revenue over the 12 months ending at period_end (the last month of a calendar quarter).
    CREATE TABLE analytics_class_history (
      company_id integer NOT NULL,
      period_end date NOT NULL,
      abc char(1) NOT NULL CHECK (abc IN ('A','B','C')),
      xyz char(1) CHECK (xyz IN ('X','Y','Z')),
      revenue numeric(15,2) NOT NULL,
      cv numeric(12,4),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, period_end)
    );
    CREATE INDEX analytics_class_history_period_idx ON analytics_class_history (period_end, company_id);

    -- Churn features and score as of one date, so the dashboard sorts 100k clients by an index.
    CREATE TABLE analytics_churn_scores (
      company_id integer PRIMARY KEY,
      as_of date NOT NULL,
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
    CREATE INDEX analytics_churn_scores_score_idx ON analytics_churn_scores (score DESC, company_id);

    -- One row: how far the read models have caught up with the orders table.
    CREATE TABLE analytics_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      orders_watermark timestamptz,
      rollup_refreshed_at timestamptz,
      history_computed_at timestamptz,
      history_through date,
      scores_as_of date,
      scores_computed_at timestamptz
    );
    INSERT INTO analytics_state (id) VALUES (true);

    -- "Which orders changed since the last refresh" must be an index probe, not a scan.
    CREATE INDEX orders_updated_idx ON orders (updated_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX orders_updated_idx;
    DROP TABLE analytics_state, analytics_churn_scores, analytics_class_history, analytics_company_months;
  `.execute(db);
}
