import { type Kysely, type RawBuilder, sql } from 'kysely';
import { refillTable } from '../../db/bulk-load.js';
import type { DB } from '../../db/schema.js';
import { basisPoints, DEFAULT_ABC } from '../../domain/analytics/abc.js';
import {
  CHURN_POINTS,
  FADING_ORDERS_DROP,
  FADING_REVENUE_DROP,
  LAPSED_RATIO,
  MIN_BASELINE_ORDERS,
  MIN_INTERVAL_DAYS,
} from '../../domain/analytics/churn.js';
import { DEFAULT_XYZ } from '../../domain/analytics/xyz.js';
import { type FeatureQuery, featuresSelect } from './client-features.repository.js';
import { abcCase, cvExpr, strictlyLarger, xyzCase } from './history.repository.js';

// The per-client snapshot (analytics_clients), built entirely in SQL: sending 100k scored rows from
// JS back to the database cost more than computing them. The churn score and the ABC ranking are
// mirrors of src/domain/analytics/churn.ts and abc.ts (same constants; tests compare every client).

export type ClientRow = {
  company_id: number;
  revenue: string;
  margin: string;
  orders_12m: number;
  months_12m: number;
  categories_12m: number;
  cv: number | null;
  xyz: string | null;
  revenue_rank: number | null;
  revenue_abc: string | null;
  margin_rank: number | null;
  margin_abc: string | null;
  knowers: number;
  knower_ids: number[];
  churn_active: boolean;
  score: number;
  pattern: string;
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

const VALUE_COLUMNS = [
  'revenue', 'margin', 'orders_12m', 'months_12m', 'categories_12m', 'cv', 'xyz', 'knowers', 'knower_ids', 'churn_active', 'score',
  'pattern', 'orders', 'first_order_on', 'last_order_on', 'revenue_recent', 'revenue_year_ago', 'orders_recent', 'orders_year_ago',
  'categories_recent', 'categories_year_ago',
] as const;
const RANK_COLUMNS = ['revenue_rank', 'revenue_abc', 'margin_rank', 'margin_abc'] as const;

const clamp = (x: RawBuilder<unknown>) => sql`least(1.0::float8, greatest(0.0::float8, ${x}))`;

/** Churn score and pattern over the feature columns, as signalsOf in src/domain/analytics/churn.ts computes them. */
function churnColumns(asOf: string) {
  const P = CHURN_POINTS;
  return sql`
    SELECT f.*,
      ${sql.lit(P.overdue)} * coalesce(${clamp(sql`(ratio - 1) / 2`)}, 0)
      + CASE WHEN rev_trend IS NOT NULL AND evidence THEN ${sql.lit(P.revenue)} * ${clamp(sql`(-rev_trend - 0.1) / 0.5`)} ELSE 0 END
      + CASE WHEN ord_trend IS NOT NULL AND evidence THEN ${sql.lit(P.orders)} * ${clamp(sql`(-ord_trend - 0.1) / 0.5`)} ELSE 0 END
      + CASE WHEN categories_year_ago > 0 AND lost > 0 AND evidence
             THEN ${sql.lit(P.basket)} * ${clamp(sql`lost::float8 / categories_year_ago / 0.5`)} ELSE 0 END AS points,
      CASE WHEN ratio >= ${sql.lit(LAPSED_RATIO)} THEN 'lapsed'
           WHEN evidence AND rev_trend <= ${sql.lit(-FADING_REVENUE_DROP)} AND (ord_trend <= ${sql.lit(-FADING_ORDERS_DROP)} OR lost > 0) THEN 'fading'
           WHEN no_baseline THEN 'new' ELSE 'steady' END AS pattern
    FROM (
      SELECT f.*,
        CASE WHEN f.orders >= 2 THEN (${asOf}::date - f.last_order_on)
          / greatest((f.last_order_on - f.first_order_on)::float8 / (f.orders - 1), ${sql.lit(MIN_INTERVAL_DAYS)}) END AS ratio,
        f.orders_year_ago >= ${sql.lit(MIN_BASELINE_ORDERS)} AS evidence,
        CASE WHEN f.revenue_year_ago > 0 THEN f.revenue_recent::float8 / f.revenue_year_ago::float8 - 1 END AS rev_trend,
        CASE WHEN f.orders_year_ago > 0 THEN f.orders_recent::float8 / f.orders_year_ago - 1 END AS ord_trend,
        f.categories_year_ago - f.categories_recent AS lost,
        f.revenue_year_ago <= 0 AND f.orders_year_ago = 0 AS no_baseline
      FROM f
    ) f`;
}

const abcBounds = { aBp: basisPoints(DEFAULT_ABC.a), abBp: basisPoints(DEFAULT_ABC.a + DEFAULT_ABC.b) };

/** Rank and default-threshold ABC class by one measure (kopecks) over the rows of `scope`. */
function rankBy(measure: 'rk' | 'mk') {
  const m = sql.ref(measure);
  return sql`
    SELECT company_id, rank, ${abcCase('v', abcBounds)} AS abc FROM (
      SELECT company_id, ${m} AS v, row_number() OVER (ORDER BY ${m} DESC, company_id) AS rank,
             -- float8 sums of whole kopecks are exact below 2^53 and far cheaper than numeric
             ${strictlyLarger(measure)} AS before, sum(greatest(${m}, 0)::float8) OVER () AS total
      FROM scope
    ) x`;
}

/**
 * Upserts the snapshot rows of the given clients (all when omitted) from their features as of
 * `asOf`, deleting rows of clients no longer in scope; with `withRanks` also ranks them (only
 * meaningful for all clients). Returns the clients written (none listed when rebuilding all).
 */
export async function upsertClients(db: Kysely<DB>, o: { asOf: string; activeSince: string; features: FeatureQuery; companyIds?: readonly number[] | undefined; withRanks: boolean }) {
  const scope = (col: string) => (o.companyIds === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(col)} = any(${[...o.companyIds]}::int[])`);
  const columns = o.withRanks ? [...VALUE_COLUMNS, ...RANK_COLUMNS] : VALUE_COLUMNS;
  const ranks = o.withRanks
    ? sql`, scope AS (SELECT company_id, (revenue_12m * 100)::bigint AS rk, (margin_12m * 100)::bigint AS mk FROM s WHERE months_12m > 0),
         rev AS (${rankBy('rk')}), mar AS (${rankBy('mk')})`
    : sql``;
  const rankValues = o.withRanks ? sql`, rev.rank, rev.abc, mar.rank, mar.abc` : sql``;
  const rankJoins = o.withRanks ? sql`LEFT JOIN rev ON rev.company_id = s.company_id LEFT JOIN mar ON mar.company_id = s.company_id` : sql``;
  const names = sql.join(columns.map((c) => sql.ref(c)));
  const excluded = sql.join(columns.map((c) => sql`excluded.${sql.ref(c)}`));
  const current = sql.join(columns.map((c) => sql`c.${sql.ref(c)}`));
  // Every client at once: emptied and filled by a plain insert, secondary indexes built afterwards; an
  // upsert row by row (a speculative insertion and a comparison each) cost as much as computing the rows.
  const all = o.companyIds === undefined;
  const statement = sql<{ company_id: number }>`
    WITH f AS (${featuresSelect(o.features)}),
    s AS (
      SELECT g.*, ${cvExpr('revenue_12m', 'sq_12m', 12)} AS cv FROM (${churnColumns(o.asOf)}) g
    )${ranks}${all ? sql`` : sql`,
    gone AS (
      DELETE FROM analytics_clients c WHERE ${scope('c.company_id')} AND NOT EXISTS (SELECT 1 FROM s WHERE s.company_id = c.company_id)
    )`}
    INSERT INTO analytics_clients AS c (company_id, ${names})
    SELECT s.company_id, s.revenue_12m, s.margin_12m, s.orders_12m, s.months_12m, s.categories_12m, round(s.cv::numeric, 4),
           ${xyzCase('cv', DEFAULT_XYZ)}, coalesce(cardinality(s.knower_ids), 0), coalesce(s.knower_ids, '{}'),
           s.last_order_on >= ${o.activeSince}::date, least(100, floor(s.points + 0.5))::int, s.pattern, s.orders, s.first_order_on,
           s.last_order_on, s.revenue_recent, s.revenue_year_ago, s.orders_recent, s.orders_year_ago, s.categories_recent,
           s.categories_year_ago ${rankValues}
    FROM s ${rankJoins}
    ${all ? sql`` : sql`ON CONFLICT (company_id) DO UPDATE SET (${names}) = (${excluded}) WHERE (${current}) IS DISTINCT FROM (${excluded})
    RETURNING c.company_id`}`;
  if (all) {
    await refillTable(db, 'analytics_clients', () => statement.execute(db));
    return [];
  }
  return (await statement.execute(db)).rows.map((r) => r.company_id);
}

export type RankInputs = { company_id: number; revenue: string; margin: string; months_12m: number; revenue_rank: number | null };

/** What the ranking depends on, for the given clients. */
export async function rankInputs(db: Kysely<DB>, ids: readonly number[]): Promise<RankInputs[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<RankInputs>`
    SELECT company_id, revenue::text AS revenue, margin::text AS margin, months_12m, revenue_rank
    FROM analytics_clients WHERE company_id = any(${[...ids]}::int[])`.execute(db);
  return rows;
}

/** Re-ranks every client and rewrites only the rows whose rank or class moved. */
export async function rerankClients(db: Kysely<DB>) {
  await sql`
    WITH scope AS (
      SELECT company_id, (revenue * 100)::bigint AS rk, (margin * 100)::bigint AS mk FROM analytics_clients WHERE months_12m > 0
    ),
    rev AS (${rankBy('rk')}), mar AS (${rankBy('mk')}),
    fresh AS (
      SELECT c.company_id, rev.rank AS rr, rev.abc AS ra, mar.rank AS mr, mar.abc AS ma
      FROM analytics_clients c LEFT JOIN rev ON rev.company_id = c.company_id LEFT JOIN mar ON mar.company_id = c.company_id
    )
    UPDATE analytics_clients c SET revenue_rank = f.rr, revenue_abc = f.ra, margin_rank = f.mr, margin_abc = f.ma
    FROM fresh f
    WHERE c.company_id = f.company_id AND (c.revenue_rank, c.revenue_abc, c.margin_rank, c.margin_abc) IS DISTINCT FROM (f.rr, f.ra, f.mr, f.ma)`.execute(db);
}

export const clientColumns = sql.join(
  ['company_id', ...VALUE_COLUMNS, ...RANK_COLUMNS].map((c) =>
    ['revenue', 'margin', 'revenue_recent', 'revenue_year_ago', 'first_order_on', 'last_order_on'].includes(c)
      ? sql`s.${sql.ref(c)}::text AS ${sql.ref(c)}`
      : c === 'cv'
        ? sql`s.cv::float8 AS cv`
        : sql`s.${sql.ref(c)}`,
  ),
);
