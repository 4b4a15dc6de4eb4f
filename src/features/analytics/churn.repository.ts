import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import type { ChurnWindows } from '../../domain/analytics/churn.js';
import { companyVisibleTo } from '../access/access.repository.js';
import { SALE_STATUSES } from './rollup.repository.js';

const saleStatuses = sql.join(SALE_STATUSES.map((s) => sql.lit(s)));

export type ChurnFeatureRow = {
  company_id: number;
  orders: number;
  first_order_on: string;
  last_order_on: string;
  revenue_recent: string;
  revenue_year_ago: string;
  orders_recent: number;
  orders_year_ago: number;
  categories_recent: number;
  categories_year_ago: number;
};

/**
 * The churn signals of every client active in the year before `asOf`, set-based: complete months
 * come from the rollup, the current month up to asOf from the orders themselves, so the same
 * query answers "today" and "as of a date in the past" (the backtest) without peeking ahead.
 */
export async function churnFeatures(
  db: Kysely<DB>,
  options: { windows: ChurnWindows; companyIds?: readonly number[] | undefined; includeArchived: boolean; actor?: Actor },
): Promise<ChurnFeatureRow[]> {
  const w = options.windows;
  const ids = options.companyIds;
  const only = (col: string) => (ids === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(col)} = any(${[...ids]}::int[])`);
  const { rows } = await sql<ChurnFeatureRow>`
    WITH hist AS (
      SELECT r.company_id, min(r.first_order_on) AS first_order_on, max(r.last_order_on) AS last_order_on, sum(r.orders) AS orders,
             sum(r.revenue) FILTER (WHERE r.month BETWEEN ${w.revenueRecent[0]}::date AND ${w.revenueRecent[1]}::date) AS revenue_recent,
             sum(r.revenue) FILTER (WHERE r.month BETWEEN ${w.revenueYearAgo[0]}::date AND ${w.revenueYearAgo[1]}::date) AS revenue_year_ago,
             sum(r.orders) FILTER (WHERE r.month BETWEEN ${w.activityRecent[0]}::date AND ${w.activityRecent[1]}::date) AS orders_recent,
             sum(r.orders) FILTER (WHERE r.month BETWEEN ${w.activityYearAgo[0]}::date AND ${w.activityYearAgo[1]}::date) AS orders_year_ago
      FROM analytics_company_months r
      WHERE r.month < ${w.currentMonth}::date AND ${only('r.company_id')}
      GROUP BY r.company_id
    ),
    partial AS (
      SELECT o.company_id, count(*) AS orders, min(o.ordered_on) AS first_order_on, max(o.ordered_on) AS last_order_on
      FROM orders o
      WHERE o.ordered_on BETWEEN ${w.currentMonth}::date AND ${w.asOf}::date
        AND o.status IN (${saleStatuses}) AND o.archived_at IS NULL AND ${only('o.company_id')}
      GROUP BY o.company_id
    ),
    cats AS (
      SELECT r.company_id,
             count(DISTINCT c) FILTER (WHERE r.month >= ${w.activityRecent[0]}::date) AS categories_recent,
             count(DISTINCT c) FILTER (WHERE r.month <= ${w.activityYearAgo[1]}::date) AS categories_year_ago
      FROM analytics_company_months r CROSS JOIN LATERAL unnest(r.categories) AS c
      WHERE (r.month BETWEEN ${w.activityRecent[0]}::date AND ${w.activityRecent[1]}::date
          OR r.month BETWEEN ${w.activityYearAgo[0]}::date AND ${w.activityYearAgo[1]}::date)
        AND ${only('r.company_id')}
      GROUP BY r.company_id
    ),
    joined AS (
      SELECT coalesce(h.company_id, p.company_id) AS company_id,
             (coalesce(h.orders, 0) + coalesce(p.orders, 0))::int AS orders,
             least(h.first_order_on, p.first_order_on) AS first_order_on,
             greatest(h.last_order_on, p.last_order_on) AS last_order_on,
             coalesce(h.revenue_recent, 0) AS revenue_recent, coalesce(h.revenue_year_ago, 0) AS revenue_year_ago,
             coalesce(h.orders_recent, 0)::int AS orders_recent, coalesce(h.orders_year_ago, 0)::int AS orders_year_ago
      FROM hist h FULL JOIN partial p ON p.company_id = h.company_id
    )
    SELECT j.company_id, j.orders, j.first_order_on::text AS first_order_on, j.last_order_on::text AS last_order_on,
           j.revenue_recent::text AS revenue_recent, j.revenue_year_ago::text AS revenue_year_ago, j.orders_recent, j.orders_year_ago,
           coalesce(c.categories_recent, 0)::int AS categories_recent, coalesce(c.categories_year_ago, 0)::int AS categories_year_ago
    FROM joined j
    JOIN companies co ON co.id = j.company_id
    LEFT JOIN cats c ON c.company_id = j.company_id
    WHERE j.last_order_on >= ${w.activeSince}::date
      AND (${options.includeArchived} OR co.archived_at IS NULL)
      AND ${options.actor ? companyVisibleTo(options.actor, 'j.company_id') : sql<boolean>`true`}
  `.execute(db);
  return rows;
}

export type ChurnScoreRow = ChurnFeatureRow & { score: number; pattern: string };

/** Replaces the stored scores (of the given companies, or all) with freshly computed ones, as of one date. */
export async function writeChurnScores(db: Kysely<DB>, options: { asOf: string; rows: readonly ChurnScoreRow[]; companyIds?: readonly number[] | undefined }) {
  const { rows, companyIds } = options;
  if (companyIds === undefined) await sql`DELETE FROM analytics_churn_scores`.execute(db);
  else await sql`DELETE FROM analytics_churn_scores WHERE company_id = any(${[...companyIds]}::int[])`.execute(db);
  if (rows.length === 0) return;
  const col = <K extends keyof ChurnScoreRow>(k: K) => rows.map((r) => r[k]);
  await sql`
    INSERT INTO analytics_churn_scores (company_id, as_of, score, pattern, orders, first_order_on, last_order_on, revenue_recent,
      revenue_year_ago, orders_recent, orders_year_ago, categories_recent, categories_year_ago)
    SELECT u.company_id, ${options.asOf}::date, u.score, u.pattern, u.orders, u.first_order_on, u.last_order_on, u.revenue_recent,
           u.revenue_year_ago, u.orders_recent, u.orders_year_ago, u.categories_recent, u.categories_year_ago
    FROM unnest(${col('company_id')}::int[], ${col('score')}::int[], ${col('pattern')}::text[], ${col('orders')}::int[],
                ${col('first_order_on')}::date[], ${col('last_order_on')}::date[], ${col('revenue_recent')}::numeric[],
                ${col('revenue_year_ago')}::numeric[], ${col('orders_recent')}::int[], ${col('orders_year_ago')}::int[],
                ${col('categories_recent')}::int[], ${col('categories_year_ago')}::int[])
      AS u(company_id, score, pattern, orders, first_order_on, last_order_on, revenue_recent, revenue_year_ago,
           orders_recent, orders_year_ago, categories_recent, categories_year_ago)
  `.execute(db);
}

export type StoredScoreRow = ChurnScoreRow & { company_name: string; owner_id: number | null; owner_name: string | null; rank: number };

/** A page of the stored snapshot, highest score first, only the clients the actor may see. */
export async function listChurnScores(
  db: Kysely<DB>,
  options: { actor: Actor; flagScore: number; onlyFlagged: boolean; pattern?: string | undefined; afterRank: number; limit: number },
) {
  const flaggedSql = sql<boolean>`(s.pattern IN ('lapsed', 'fading') OR s.score >= ${options.flagScore})`;
  const { rows } = await sql<StoredScoreRow & { flagged_count: number; pattern_counts: Record<string, number>; total: number }>`
    WITH visible AS (
      SELECT s.*, c.name AS company_name, c.owner_id, ${flaggedSql} AS flagged
      FROM analytics_churn_scores s
      JOIN companies c ON c.id = s.company_id
      WHERE c.archived_at IS NULL AND ${companyVisibleTo(options.actor, 's.company_id')}
    ),
    summary AS (
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE flagged))::int AS flagged_count,
             json_build_object('lapsed', count(*) FILTER (WHERE pattern = 'lapsed'), 'fading', count(*) FILTER (WHERE pattern = 'fading'),
                               'new', count(*) FILTER (WHERE pattern = 'new'), 'steady', count(*) FILTER (WHERE pattern = 'steady')) AS pattern_counts
      FROM visible
    ),
    ranked AS (
      SELECT v.*, row_number() OVER (ORDER BY v.score DESC, v.company_id) AS rank
      FROM visible v
      WHERE (NOT ${options.onlyFlagged} OR v.flagged) AND (${options.pattern ?? null}::text IS NULL OR v.pattern = ${options.pattern ?? null})
    )
    SELECT r.company_id, r.company_name, r.owner_id, e.name AS owner_name, r.score, r.pattern, r.orders,
           r.first_order_on::text AS first_order_on, r.last_order_on::text AS last_order_on,
           r.revenue_recent::text AS revenue_recent, r.revenue_year_ago::text AS revenue_year_ago,
           r.orders_recent, r.orders_year_ago, r.categories_recent, r.categories_year_ago, r.rank::int AS rank,
           s.total, s.flagged_count, s.pattern_counts
    FROM summary s
    LEFT JOIN (SELECT * FROM ranked WHERE rank > ${options.afterRank} ORDER BY rank LIMIT ${options.limit + 1}) r ON true
    LEFT JOIN employees e ON e.id = r.owner_id
    ORDER BY r.rank
  `.execute(db);
  return rows;
}

/** Companies with a sale in (asOf, until]: the backtest's "did not stop ordering". */
export async function companiesOrderingBetween(db: Kysely<DB>, options: { after: string; until: string }) {
  const { rows } = await sql<{ company_id: number }>`
    SELECT DISTINCT company_id FROM orders
    WHERE ordered_on > ${options.after}::date AND ordered_on <= ${options.until}::date
      AND status IN (${saleStatuses}) AND archived_at IS NULL`.execute(db);
  return new Set(rows.map((r) => r.company_id));
}

export const companyNames = async (db: Kysely<DB>, ids: readonly number[]) => {
  if (ids.length === 0) return new Map<number, { name: string; owner_id: number | null; owner_name: string | null }>();
  const rows = await db
    .selectFrom('companies')
    .leftJoin('employees', 'employees.id', 'companies.owner_id')
    .select(['companies.id', 'companies.name', 'companies.owner_id', 'employees.name as owner_name'])
    .where('companies.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, owner_id: r.owner_id, owner_name: r.owner_name }]));
};
