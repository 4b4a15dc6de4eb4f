import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { abcCase, cvExpr, strictlyLarger, xyzCase } from './history.repository.js';

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
  /** numeric, as text */
  share: string;
  cumulative_share: string;
  cv: string | null;
};
type Summary = { abc: 'A' | 'B' | 'C'; xyz: 'X' | 'Y' | 'Z' | null; clients: number; value: string };

export type AbcPeriod = { from: string; to: string; months: number; measure: 'revenue' | 'margin' };
export type AbcOptions = AbcPeriod & { aBp: number; abBp: number; x: number; y: number };

/**
 * The whole ranking of a period, compact: every client with a sale in the period in rank order
 * (by the measure in whole kopecks, then company id) with its classes, and the totals and 3x3
 * matrix. Pages are cut from it without classifying again (src/features/analytics/abc.service.ts).
 */
export type AbcRanking = {
  ids: Int32Array;
  /** the measure in whole kopecks, in rank order */
  kopecks: Float64Array;
  /** per client 'A'|'B'|'C' then 'X'|'Y'|'Z'|'-' (no revenue), two characters in rank order */
  classes: string;
  total: string;
  matrix: Summary[];
};

const perClient = (o: AbcPeriod & { ids?: number[] }) => sql`
  SELECT r.company_id, sum(r.revenue) AS revenue, sum(r.margin) AS margin, sum(r.revenue::float8 * r.revenue::float8) AS sq,
         sum(r.orders)::int AS orders, count(*)::int AS months_with_orders
  FROM analytics_company_months r
  WHERE r.month BETWEEN ${o.from}::date AND ${o.to}::date AND ${o.ids === undefined ? sql`true` : sql`r.company_id = any(${o.ids}::int[])`}
  GROUP BY r.company_id`;

/** ABC by revenue or margin and XYZ by revenue over any months for every client with a sale in them, in one statement. */
export async function abcRanking(db: Kysely<DB>, o: AbcOptions): Promise<AbcRanking> {
  const measure = sql.ref(o.measure === 'margin' ? 'margin' : 'revenue');
  const { rows } = await sql<{ total: string; matrix: Summary[] | null; ranking: string | null }>`
    WITH per_client AS (
      -- only what ranking and XYZ need; a page's own figures come from abcItems
      SELECT r.company_id, sum(r.revenue) AS revenue, sum(r.${measure}) AS value, sum(r.revenue::float8 * r.revenue::float8) AS sq
      FROM analytics_company_months r
      WHERE r.month BETWEEN ${o.from}::date AND ${o.to}::date
      GROUP BY r.company_id
    ),
    ranked AS (
      -- in whole kopecks; float8 sums of whole numbers are exact
      SELECT p.*, ${strictlyLarger('vk')} AS before, sum(greatest(vk, 0)::float8) OVER () AS total,
             row_number() OVER (ORDER BY vk DESC, p.company_id) AS rank
      FROM (SELECT p.*, (p.value * 100)::int8 AS vk FROM per_client p) p
    ),
    final AS (
      SELECT c.company_id, c.rank, c.vk, c.value, c.abc, ${xyzCase('cv', o)} AS xyz
      FROM (SELECT r.*, ${abcCase('vk', o)} AS abc, ${cvExpr('revenue', 'sq', o.months)} AS cv FROM ranked r) c
    )
    SELECT
      (SELECT coalesce(sum(value), 0)::text FROM final) AS total,
      (SELECT json_agg(json_build_object('abc', abc, 'xyz', xyz, 'clients', n, 'value', v::text) ORDER BY abc, xyz)
         FROM (SELECT abc, xyz, count(*) AS n, sum(value) AS v FROM final GROUP BY abc, xyz) m) AS matrix,
      -- one sorted pass: 'id kopecks AX' per client (separate ordered aggregates would sort once each)
      string_agg(company_id || ' ' || vk || ' ' || abc || coalesce(xyz, '-'), ',' ORDER BY rank) AS ranking
    FROM final`.execute(db);
  const row = rows[0]!;
  const entries = row.ranking ? row.ranking.split(',') : [];
  const ids = new Int32Array(entries.length);
  const kopecks = new Float64Array(entries.length);
  const classes: string[] = [];
  entries.forEach((e, i) => {
    const [id, k, c] = e.split(' ') as [string, string, string];
    ids[i] = Number(id);
    kopecks[i] = Number(k);
    classes.push(c);
  });
  return { ids, kopecks, classes: classes.join(''), total: row.total, matrix: row.matrix ?? [] };
}

/**
 * The figures of the listed clients over the period, with their shares of `total` (the positive sum
 * of the measure, whole kopecks) and cumulative shares from `running` (the same sum through each rank).
 */
export async function abcItems(db: Kysely<DB>, o: AbcPeriod & { ids: number[]; ranks: number[]; running: number[]; total: number }) {
  if (o.ids.length === 0) return [];
  const measure = sql.ref(o.measure === 'margin' ? 'margin' : 'revenue');
  const { rows } = await sql<AbcRow>`
    WITH per_client AS (${perClient(o)})
    SELECT pg.rank, p.company_id, co.name AS company_name, co.owner_id, e.name AS owner_name,
           p.${measure}::text AS value, p.revenue::text AS revenue, p.margin::text AS margin, p.orders, p.months_with_orders,
           CASE WHEN t.total > 0 THEN round((greatest((p.${measure} * 100)::int8, 0) / t.total)::numeric, 6) ELSE 0 END AS share,
           CASE WHEN t.total > 0 THEN round((pg.running / t.total)::numeric, 6) ELSE 0 END AS cumulative_share,
           round((${cvExpr('revenue', 'sq', o.months)})::numeric, 4) AS cv
    FROM unnest(${o.ids}::int[], ${o.ranks}::int[], ${o.running}::float8[]) AS pg(company_id, rank, running)
    CROSS JOIN (SELECT ${o.total}::float8 AS total) t
    JOIN per_client p ON p.company_id = pg.company_id
    JOIN companies co ON co.id = p.company_id LEFT JOIN employees e ON e.id = co.owner_id
    ORDER BY pg.rank`.execute(db);
  return rows;
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
