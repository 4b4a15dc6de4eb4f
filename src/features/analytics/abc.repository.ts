import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { cvExpr, xyzCase } from './history.repository.js';

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
export type AbcPeriod = { from: string; to: string; months: number; measure: 'revenue' | 'margin' };

/** The listed clients' sums over the period's rollup months (squares rounded to float8 month by month). */
const perClient = (o: AbcPeriod & { ids: number[] }) => sql`
  SELECT r.company_id, sum(r.revenue) AS revenue, sum(r.margin) AS margin, sum(r.revenue::float8 * r.revenue::float8) AS sq,
         sum(r.orders)::int AS orders, count(*)::int AS months_with_orders
  FROM analytics_company_months r
  WHERE r.month BETWEEN ${o.from}::date AND ${o.to}::date AND r.company_id = any(${o.ids}::int[])
  GROUP BY r.company_id`;

/**
 * Every client's figures over the period from its running totals (analytics_client_series): the
 * totals through the last sale month on or before `to` minus those before `from`, found by binary
 * search (width_bucket) in the client's sale months, so no rollup row is read. Clients with a sale
 * month in the period only, as summing the rollup over it would give: revenue and the measure in
 * whole kopecks (rk, vk), the sum of squared monthly revenue (sq, a difference of float8 running sums:
 * see abc.service.ts periodRanking for its error) and the running sum it came from.
 */
export const periodFigures = (o: AbcPeriod, ids?: CompanyRange) => {
  const measure = sql.ref(`s.${o.measure === 'margin' ? 'margin' : 'revenue'}`);
  const range = ids ? sql`WHERE s.company_id >= ${ids.from} AND s.company_id < ${ids.below}` : sql``;
  // OFFSET 0 keeps each look-up computed once per client (a flattened subquery repeats expressions)
  return sql`
    SELECT s.company_id, s.revenue[s.i] - coalesce(s.revenue[s.j], 0) AS rk, ${measure}[s.i] - coalesce(${measure}[s.j], 0) AS vk,
           s.squares[s.i] - coalesce(s.squares[s.j], 0) AS sq, s.squares[s.i] AS sq_through, s.i AS months_through, s.i - s.j AS months
    FROM (SELECT s.*, width_bucket(${o.to}::date, s.months) AS i, width_bucket(${o.from}::date - 1, s.months) AS j
          FROM analytics_client_series s ${range} OFFSET 0) s
    WHERE s.i > s.j`;
};

/** Company ids from `from` up to, not including, `below`. */
export type CompanyRange = { from: number; below: number };

/** The lowest and the highest company id with running totals (two index probes), null when there are none. */
export async function seriesIdRange(db: Kysely<DB>) {
  const { rows } = await sql<{ low: number | null; high: number | null }>`
    SELECT min(company_id) AS low, max(company_id) AS high FROM analytics_client_series`.execute(db);
  const r = rows[0];
  return r && r.low !== null && r.high !== null ? { low: r.low, high: r.high } : null;
}

/**
 * Every client with a sale in the period, unordered: id, the measure in whole kopecks, the XYZ class
 * ('-' without revenue), and the indices of the clients whose class could depend on rounding (see below).
 */
export type PeriodClients = { ids: Int32Array; kopecks: Float64Array; /** the XYZ letter's code per client */ xyz: Uint8Array; near: number[] };

// Relative error of a float8 sum of n positive terms, per term (n * 2^-53, with room).
const SUM_ERROR = 1.2e-16;

/**
 * The clients of a period with their XYZ class in one statement, packed as binary (4-byte id, 8-byte
 * measure in kopecks, then the class letter and a flag as the two bytes of one int2; 14 bytes per
 * client): formatting or even shipping ~100k wider rows cost more than finding them. Ranking and ABC
 * are the caller's (domain rule).
 *
 * The period's sum of squares is a difference of running float8 sums, while every other path (the
 * snapshot, the history, a page's cv, summedCv) sums the same rounded squares month by month: the
 * two differ by at most 3 * n * 2^-53 of the running sum (n its months). A client whose CV interval
 * under that bound contains a threshold is flagged `near`, for the caller to classify it by summedCv;
 * a single sale month is squared directly, exactly as a one-month sum gives it. `figures` gives
 * company_id, vk, rk, sq, sq_through, months_through and months per client (periodFigures; tests pass
 * a sum over the rollup).
 */
export async function periodClients(db: Kysely<DB>, o: AbcPeriod & { x: number; y: number }, figures: RawBuilder<unknown> = periodFigures(o)): Promise<PeriodClients> {
  const n = o.months;
  const within = (t: number) => sql`(lo <= ${sql.lit(t)} AND ${sql.lit(t)} <= hi)`;
  const { rows } = await sql<{ packed: Uint8Array | null }>`
    SELECT string_agg(int4send(c.company_id) || int8send(c.vk)
                      || int2send((ascii(coalesce(${xyzCase('cv', o)}, '-')) * 256 + CASE WHEN c.months > 1 AND cv IS NOT NULL AND (${within(o.x)} OR ${within(o.y)}) THEN 1 ELSE 0 END)::int2),
                      ''::bytea) AS packed
    FROM (
      SELECT c.*, ${cvExpr('revenue', 'sq', n)} AS cv,
             ${cvExpr('revenue', 'sq_low', n)} * (1 - 1e-12) - 1e-12 AS lo, ${cvExpr('revenue', 'sq_high', n)} * (1 + 1e-12) + 1e-12 AS hi
      FROM (
        SELECT c.*, c.sq - c.slack AS sq_low, c.sq + c.slack AS sq_high
        FROM (
          SELECT p.company_id, p.vk, p.months, p.rk::float8 / 100 AS revenue,
                 CASE WHEN p.months = 1 THEN (p.rk::float8 / 100) * (p.rk::float8 / 100) ELSE p.sq END AS sq,
                 3 * (p.months_through + 1) * ${sql.lit(SUM_ERROR)}::float8 * p.sq_through + 1e-12 * p.sq AS slack
          FROM (${figures}) p OFFSET 0
        ) c
      ) c
      OFFSET 0
    ) c`.execute(db);
  const packed = rows[0]?.packed ?? new Uint8Array(0);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = packed.byteLength / 14;
  const c: PeriodClients = { ids: new Int32Array(count), kopecks: new Float64Array(count), xyz: new Uint8Array(count), near: [] };
  for (let i = 0, at = 0; i < count; i++, at += 14) {
    c.ids[i] = view.getInt32(at);
    // int8 as two halves (exact below 2^53 kopecks, 90 trillion roubles), big-endian as PostgreSQL sends it
    c.kopecks[i] = view.getInt32(at + 4) * 4294967296 + view.getUint32(at + 8);
    c.xyz[i] = packed[at + 12] as number;
    if (packed[at + 13] === 1) c.near.push(i);
  }
  return c;
}

/**
 * The CV of the listed clients over the period as every other path computes it (sums of the rollup's
 * months, squares rounded to float8 month by month), for the few clients periodClients flags.
 */
export async function summedCv(db: Kysely<DB>, o: AbcPeriod & { ids: number[] }) {
  const { rows } = await sql<{ company_id: number; cv: number | null }>`
    SELECT company_id, ${cvExpr('revenue', 'sq', o.months)} AS cv FROM (${perClient(o)}) r`.execute(db);
  return new Map(rows.map((r) => [r.company_id, r.cv]));
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
