import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import type { ChurnWindows } from '../../domain/analytics/churn.js';
import { companyVisibleTo } from '../access/access.repository.js';
import { categoryWords, SALE_STATUSES } from './rollup.repository.js';

const saleStatuses = sql.join(SALE_STATUSES.map((s) => sql.lit(s)));

export type ClientFeatureRow = {
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
  revenue_12m: string;
  margin_12m: string;
  /** sum of squared monthly revenue over the 12 months, for the coefficient of variation */
  sq_12m: number;
  orders_12m: number;
  months_12m: number;
  categories_12m: number;
  /** live employees who know the client; null when not asked for */
  knower_ids: number[] | null;
};

export type FeatureOptions = {
  windows: ChurnWindows;
  /** the last 12 complete months, first days of months */
  window12: { from: string; to: string };
  /** population: clients whose last sale is on or after this date */
  since: string;
  companyIds?: readonly number[] | undefined;
  includeArchived: boolean;
  actor?: Actor | undefined;
  /** count as knowers those with an interaction since this moment (and current seats); omit to skip */
  knowersSince?: string | undefined;
};

/** FeatureOptions with the number of words in the rollup's category bits (categoryWords). */
export type FeatureQuery = FeatureOptions & { categoryWords: number };

/**
 * Everything the dashboard needs per client, as of a date, in one set-based statement: complete
 * months come from the rollup, the as-of month up to the date from the orders themselves, so the
 * same query serves "today" and "as of a date in the past" (the backtest) without peeking ahead.
 */
export async function clientFeatures(db: Kysely<DB>, o: FeatureOptions): Promise<ClientFeatureRow[]> {
  const { rows } = await sql<ClientFeatureRow>`
    SELECT company_id, orders, first_order_on::text AS first_order_on, last_order_on::text AS last_order_on,
           revenue_recent::text AS revenue_recent, revenue_year_ago::text AS revenue_year_ago, orders_recent, orders_year_ago,
           categories_recent, categories_year_ago, revenue_12m::text AS revenue_12m, margin_12m::text AS margin_12m, sq_12m,
           orders_12m, months_12m, categories_12m, knower_ids
    FROM (${featuresSelect({ ...o, categoryWords: await categoryWords(db) })}) f`.execute(db);
  return rows;
}

/** The same as a SELECT with SQL types, for statements that build on it (the snapshot). */
export function featuresSelect(o: FeatureQuery) {
  const w = o.windows;
  const ids = o.companyIds;
  const only = (col: string) => (ids === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(col)} = any(${[...ids]}::int[])`);
  const in12 = sql<boolean>`r.month BETWEEN ${o.window12.from}::date AND ${o.window12.to}::date`;
  const inRecent = sql<boolean>`r.month BETWEEN ${w.activityRecent[0]}::date AND ${w.activityRecent[1]}::date`;
  const inYearAgo = sql<boolean>`r.month BETWEEN ${w.activityYearAgo[0]}::date AND ${w.activityYearAgo[1]}::date`;
  const knowers =
    o.knowersSince === undefined
      ? sql`SELECT NULL::int AS company_id, NULL::int[] AS ids WHERE false`
      : sql`
        SELECT l.company_id, array_agg(DISTINCT l.employee_id ORDER BY l.employee_id) AS ids
        FROM (
          SELECT t.company_id, t.employee_id FROM account_team t WHERE t.until IS NULL AND ${only('t.company_id')}
          UNION ALL
          SELECT a.company_id, a.employee_id FROM activities a
          WHERE a.occurred_at >= ${o.knowersSince}::timestamptz AND a.type IN ('call', 'email', 'meeting', 'visit')
            AND a.archived_at IS NULL AND ${only('a.company_id')}
        ) l
        JOIN employees e ON e.id = l.employee_id AND e.status <> 'departed' AND e.archived_at IS NULL
        GROUP BY l.company_id`;
  // categories bought per window: the OR of a client's category words, word by word, in the same scan
  // as its other figures, then the bits counted (migration T0400)
  const ks = Array.from({ length: o.categoryWords }, (_, i) => i + 1);
  const wordColumns = sql.join(
    ks.map((k) => {
      const word = sql`r.category_bits[${sql.lit(k)}]`;
      return sql`, bit_or(${word}) FILTER (WHERE ${inRecent}) AS ${sql.ref(`cr${k}`)}, bit_or(${word}) FILTER (WHERE ${inYearAgo}) AS ${sql.ref(`cy${k}`)},
        bit_or(${word}) FILTER (WHERE ${in12}) AS ${sql.ref(`cm${k}`)}`;
    }),
    sql``,
  );
  const bits = (prefix: string) =>
    ks.length === 0 ? sql`0` : sql`(${sql.join(ks.map((k) => sql`coalesce(bit_count(p.${sql.ref(`${prefix}${k}`)}::bit(64)), 0)`), sql` + `)})::int`;
  return sql`
    WITH hist AS (
      SELECT r.company_id, min(r.first_order_on) AS first_order_on, max(r.last_order_on) AS last_order_on, sum(r.orders) AS orders,
             sum(r.revenue) FILTER (WHERE r.month BETWEEN ${w.revenueRecent[0]}::date AND ${w.revenueRecent[1]}::date) AS revenue_recent,
             sum(r.revenue) FILTER (WHERE r.month BETWEEN ${w.revenueYearAgo[0]}::date AND ${w.revenueYearAgo[1]}::date) AS revenue_year_ago,
             sum(r.orders) FILTER (WHERE ${inRecent}) AS orders_recent,
             sum(r.orders) FILTER (WHERE ${inYearAgo}) AS orders_year_ago,
             sum(r.revenue) FILTER (WHERE ${in12}) AS revenue_12m,
             sum(r.margin) FILTER (WHERE ${in12}) AS margin_12m,
             sum((r.revenue::float8) ^ 2) FILTER (WHERE ${in12}) AS sq_12m,
             sum(r.orders) FILTER (WHERE ${in12}) AS orders_12m,
             count(*) FILTER (WHERE ${in12}) AS months_12m${wordColumns}
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
    population AS (
      SELECT coalesce(h.company_id, p.company_id) AS cid, h.*, p.orders AS p_orders,
             p.first_order_on AS p_first, p.last_order_on AS p_last
      FROM hist h FULL JOIN partial p ON p.company_id = h.company_id
      WHERE greatest(h.last_order_on, p.last_order_on) >= ${o.since}::date
    ),
    knowers AS (${knowers})
    SELECT p.cid AS company_id,
           (coalesce(p.orders, 0) + coalesce(p.p_orders, 0))::int AS orders,
           least(p.first_order_on, p.p_first) AS first_order_on,
           greatest(p.last_order_on, p.p_last) AS last_order_on,
           coalesce(p.revenue_recent, 0) AS revenue_recent, coalesce(p.revenue_year_ago, 0) AS revenue_year_ago,
           coalesce(p.orders_recent, 0)::int AS orders_recent, coalesce(p.orders_year_ago, 0)::int AS orders_year_ago,
           ${bits('cr')} AS categories_recent, ${bits('cy')} AS categories_year_ago,
           coalesce(p.revenue_12m, 0) AS revenue_12m, coalesce(p.margin_12m, 0) AS margin_12m,
           coalesce(p.sq_12m, 0)::float8 AS sq_12m, coalesce(p.orders_12m, 0)::int AS orders_12m, coalesce(p.months_12m, 0)::int AS months_12m,
           ${bits('cm')} AS categories_12m, k.ids AS knower_ids
    FROM population p
    JOIN companies co ON co.id = p.cid
    LEFT JOIN knowers k ON k.company_id = p.cid
    WHERE (${o.includeArchived} OR co.archived_at IS NULL)
      AND ${o.actor ? companyVisibleTo(o.actor, 'p.cid') : sql<boolean>`true`}`;
}
