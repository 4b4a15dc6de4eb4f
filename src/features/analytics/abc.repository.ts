import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { abcCase, cvExpr, xyzCase } from './history.repository.js';

export type AbcRow = {
  rank: number;
  company_id: number;
  company_name: string;
  owner_id: number | null;
  owner_name: string | null;
  value: string;
  revenue: string;
  margin: string;
  orders: number;
  months_with_orders: number;
  share: number;
  cumulative_share: number;
  abc: 'A' | 'B' | 'C';
  xyz: 'X' | 'Y' | 'Z' | null;
  cv: number | null;
};
type Summary = { abc: 'A' | 'B' | 'C'; xyz: 'X' | 'Y' | 'Z' | null; clients: number; value: string };

export type AbcOptions = {
  from: string;
  to: string;
  months: number;
  measure: 'revenue' | 'margin';
  aBp: number;
  abBp: number;
  x: number;
  y: number;
  abc?: string | undefined;
  xyz?: string | undefined;
  afterRank: number;
  limit: number;
};

/**
 * ABC by revenue or margin and XYZ by revenue over any months, classified for every client with a
 * sale in the period, in one statement: the page of clients and the 3x3 matrix come back together
 * so the classification is computed once.
 */
export async function abcReport(db: Kysely<DB>, o: AbcOptions) {
  const measure = sql.ref(o.measure === 'margin' ? 'margin' : 'revenue');
  const { rows } = await sql<{ total: string; clients: number; matrix: Summary[] | null; items: AbcRow[] | null }>`
    WITH per_client AS (
      SELECT r.company_id, sum(r.revenue) AS revenue, sum(r.margin) AS margin, sum(r.revenue::float8 * r.revenue::float8) AS sq,
             sum(r.orders)::int AS orders, count(*)::int AS months_with_orders
      FROM analytics_company_months r
      WHERE r.month BETWEEN ${o.from}::date AND ${o.to}::date
      GROUP BY r.company_id
    ),
    ranked AS (
      -- in whole kopecks: the positive sum of strictly larger values is everything up to this value
      -- minus its ties (EXCLUDE GROUP would be quadratic); float8 sums of whole numbers are exact
      SELECT p.*,
             sum(greatest(vk, 0)::float8) OVER w - greatest(vk, 0)::float8 * count(*) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS before,
             sum(greatest(vk, 0)::float8) OVER (ORDER BY vk DESC, p.company_id ROWS UNBOUNDED PRECEDING) AS running,
             sum(greatest(vk, 0)::float8) OVER () AS total,
             row_number() OVER (ORDER BY vk DESC, p.company_id) AS rank
      FROM (SELECT p.*, p.${measure} AS value, (p.${measure} * 100)::int8 AS vk FROM per_client p) p
      WINDOW w AS (ORDER BY vk DESC)
    ),
    classified AS (
      SELECT r.*, ${abcCase('vk', o)} AS abc, ${cvExpr('revenue', 'sq', o.months)} AS cv FROM ranked r
    ),
    final AS (
      SELECT c.*, ${xyzCase('cv', o)} AS xyz FROM classified c
    ),
    page AS (
      SELECT f.* FROM final f
      WHERE f.rank > ${o.afterRank}
        AND (${o.abc ?? null}::text IS NULL OR f.abc = ${o.abc ?? null})
        AND (${o.xyz ?? null}::text IS NULL OR f.xyz = ${o.xyz ?? null})
      ORDER BY f.rank
      LIMIT ${o.limit + 1}
    )
    SELECT
      (SELECT coalesce(sum(value), 0)::text FROM final) AS total,
      (SELECT count(*)::int FROM final) AS clients,
      (SELECT json_agg(json_build_object('abc', abc, 'xyz', xyz, 'clients', n, 'value', v::text) ORDER BY abc, xyz)
         FROM (SELECT abc, xyz, count(*) AS n, sum(value) AS v FROM final GROUP BY abc, xyz) m) AS matrix,
      (SELECT json_agg(json_build_object(
          'rank', p.rank, 'company_id', p.company_id, 'company_name', co.name, 'owner_id', co.owner_id, 'owner_name', e.name,
          'value', p.value::text, 'revenue', p.revenue::text, 'margin', p.margin::text, 'orders', p.orders,
          'months_with_orders', p.months_with_orders,
          'share', CASE WHEN p.total > 0 THEN round((greatest(p.vk, 0) / p.total)::numeric, 6) ELSE 0 END,
          'cumulative_share', CASE WHEN p.total > 0 THEN round((p.running / p.total)::numeric, 6) ELSE 0 END,
          'abc', p.abc, 'xyz', p.xyz, 'cv', round(p.cv::numeric, 4)) ORDER BY p.rank)
         FROM page p JOIN companies co ON co.id = p.company_id LEFT JOIN employees e ON e.id = co.owner_id) AS items
  `.execute(db);
  const row = rows[0] as { total: string; clients: number; matrix: Summary[] | null; items: AbcRow[] | null };
  return { total: row.total, clients: row.clients, matrix: row.matrix ?? [], items: row.items ?? [] };
}

export type HistoryRow = {
  company_id: number;
  company_name: string;
  period_end: string;
  abc: 'A' | 'B' | 'C';
  xyz: 'X' | 'Y' | 'Z' | null;
  revenue: string;
  cv: string | null;
  previous_abc: 'A' | 'B' | 'C' | null;
  previous_xyz: 'X' | 'Y' | 'Z' | null;
};

const historyColumns = sql`h.company_id, c.name AS company_name, to_char(h.period_end, 'YYYY-MM') AS period_end, h.abc, h.xyz,
  h.revenue::text AS revenue, h.cv::text AS cv, h.previous_abc, h.previous_xyz`;

/** The first quarter end with a stored class (an index probe). */
export async function firstHistoryPeriod(db: Kysely<DB>) {
  const { rows } = await sql<{ p: string | null }>`SELECT min(period_end)::text AS p FROM analytics_class_history`.execute(db);
  return rows[0]?.p ?? null;
}

/** One client's class changes, oldest first. */
export async function companyHistory(db: Kysely<DB>, { companyId }: { companyId: number }) {
  const { rows } = await sql<HistoryRow>`
    SELECT ${historyColumns} FROM analytics_class_history h JOIN companies c ON c.id = h.company_id
    WHERE h.company_id = ${companyId} ORDER BY h.period_end`.execute(db);
  return rows;
}

/** Clients whose class appeared or changed at the given quarter end, by company id. */
export async function changesAt(db: Kysely<DB>, { periodEnd, afterId, limit }: { periodEnd: string; afterId: number; limit: number }) {
  const { rows } = await sql<HistoryRow>`
    SELECT ${historyColumns} FROM analytics_class_history h JOIN companies c ON c.id = h.company_id
    WHERE h.period_end = ${periodEnd}::date AND h.company_id > ${afterId}
    ORDER BY h.company_id LIMIT ${limit + 1}`.execute(db);
  return rows;
}
