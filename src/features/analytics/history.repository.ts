import { type Kysely, type RawBuilder, sql } from 'kysely';
import { refillTable } from '../../db/bulk-load.js';
import type { DB } from '../../db/schema.js';
import { quarterIndex } from '../../domain/analytics/dates.js';

// SQL mirrors of the rules in src/domain/analytics/abc.ts and xyz.ts, for the statements that
// classify many periods or custom periods at once (tests compare them with the domain functions).

/** ABC over columns `before` (sum of strictly larger positive values) and `total`, in whole basis points. */
export function abcCase(value: string, t: { aBp: number; abBp: number }) {
  const v = sql.ref(value);
  // 64-bit integer arithmetic while the products fit (totals up to 9 trillion roubles), numeric beyond;
  // before and total are whole kopecks (float8 or numeric), so both are exact.
  const below = (bp: number) =>
    sql`CASE WHEN total <= ${sql.lit(SAFE_TOTAL)} THEN before::int8 * 10000 < ${sql.lit(bp)} * total::int8
             ELSE before::numeric * 10000 < ${sql.lit(bp)} * total::numeric END`;
  return sql<string>`CASE WHEN total > 0 AND ${v} > 0 AND ${below(t.aBp)} THEN 'A'
    WHEN total > 0 AND ${v} > 0 AND ${below(t.abBp)} THEN 'B' ELSE 'C' END`;
}

/**
 * The positive sum of the values strictly larger than this row's (whole kopecks, int8): one window
 * whose frame ends 1 kopeck above the current value, so ties never count each other, in one pass.
 */
export function strictlyLarger(value: string, partition: RawBuilder<unknown> = sql``) {
  const v = sql.ref(value);
  return sql<number>`coalesce(sum(greatest(${v}, 0)::float8) OVER (${partition} ORDER BY ${v} DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1::int8 PRECEDING), 0)`;
}

// before * 10000 and 10000 * total stay below 2^63 for totals up to this many kopecks.
const SAFE_TOTAL = 900_000_000_000_000;

/** Population CV from the sum and the sum of squares over n months (months without sales are zeros). */
export function cvExpr(sum: string, sumSquares: string, months: number) {
  const s = sql`${sql.ref(sum)}::float8`;
  const q = sql`${sql.ref(sumSquares)}::float8`;
  const n = sql.lit(months);
  // written as src/domain/analytics/xyz.ts cvFromSums computes it, so both round alike
  return sql<number | null>`CASE WHEN ${s} > 0 THEN sqrt(greatest(${q} / ${n} - (${s} / ${n}) * (${s} / ${n}), 0)) / (${s} / ${n}) END`;
}

export function xyzCase(cv: string, t: { x: number; y: number }) {
  const c = sql.ref(cv);
  return sql<string | null>`CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} <= ${sql.lit(t.x)} THEN 'X' WHEN ${c} <= ${sql.lit(t.y)} THEN 'Y' ELSE 'Z' END`;
}

export type HistoryOptions = { through: string; aBp: number; abBp: number; x: number; y: number };

/**
 * Rebuilds the class history: ABC (by revenue) and XYZ of every client over the 12 months ending
 * at each calendar quarter end through `through`, keeping the rows where a class first appears,
 * changes, or comes back after a gap. Months are summed per quarter; walking each client's quarters
 * in order, a period's sums are its quarter's plus those of the (up to three) quarters before it, and
 * the period before it is summed the same way in the same row, so a change is found without a second
 * sort of the ~1M periods or a window over them; a class follows from the value alone once each
 * period's A and B cutoffs are known (one narrow sort by period and value);
 * revenue is summed in whole kopecks as float8, like the running sums of the ranking (exact for whole
 * numbers below 2^53, 90 trillion roubles, and several times faster than numeric or int8's numeric
 * state: 9% of this statement at 10M lines), the CV too.
 */
export async function rebuildClassHistory(db: Kysely<DB>, o: HistoryOptions & { months?: RawBuilder<unknown> }) {
  // Emptied, not deleted from: inserting the same keys over dead rows costs a unique check against each
  // (readers wait for the commit either way: they queue on the refresh lock while it is stale).
  await refillTable(db, 'analytics_class_history', () => classHistoryStatement(o).execute(db));
}

/**
 * The rollup's monthly revenue as the history reads it, from a staged pass (rollup.repository.ts
 * stageRollup) rather than the rollup itself, so a full recompute can build the history while the
 * rollup is still being written. The statement sorts the months itself (client, quarter, month), so
 * every float sum adds the same months in the same order from either source, to the last bit.
 */
export const stagedMonths = (stage: string) => sql`(SELECT company_id, month, revenue FROM ${sql.table(stage)})`;

// Quarters are whole numbers in the statement (the period that ends with quarter p covers p-3..p), so
// the ~0.5M quarter and ~1M period rows are grouped, sorted and compared as integers; a quarter becomes a
// date only for the rows written. Date arithmetic went through timestamptz and time zones on every row
// (date_trunc, + interval, generate_series): about a third of the statement.
const monthQuarter = sql`(date_part('year', r.month::timestamp)::int * 4 + (date_part('month', r.month::timestamp)::int - 1) / 3)`;
const quarterEnd = (p: string) => sql`make_date(${sql.ref(p)} / 4, ${sql.ref(p)} % 4 * 3 + 3, 1)`;

export function classHistoryStatement(o: HistoryOptions & { months?: RawBuilder<unknown> }) {
  const last = quarterIndex(o.through);
  // Sums over the 12 months ending with quarter `end`: the figures of the quarter with sales `from`
  // (by the name of its columns) and of up to three quarters with sales before it, those no older than end-3.
  // Added in one fixed order, so a period's float sum of squares has the same bits wherever it is computed.
  const window = (col: 'k' | 'sq', from: number, end: RawBuilder<unknown>) =>
    sql.join(
      [0, 1, 2, 3].map((i) => {
        const name = (c: string) => sql.ref(i + from === 0 ? c : `${c}${i + from}`);
        return i === 0 ? name(col) : sql`CASE WHEN ${name('q')} >= ${end} - 3 THEN ${name(col)} ELSE 0 END`;
      }),
      sql` + `,
    );
  // the period before p with sales in its 12 months: p-1, or after a gap the last period of the quarter before
  const pp = sql`CASE WHEN n > 0 THEN q + n - 1 WHEN q1 IS NOT NULL THEN least(q - 1, q1 + 3) END`;
  // its sums: from this row's quarter when p is not the quarter itself, else from the quarter before
  const previous = (col: 'k' | 'sq') => sql`CASE WHEN n > 0 THEN ${window(col, 0, sql`pp`)} ELSE ${window(col, 1, sql`pp`)} END`;
  const abcAt = (value: string, t: string) =>
    sql`CASE WHEN ${sql.ref(value)} >= ${sql.ref(`${t}.a_from`)} THEN 'A' WHEN ${sql.ref(value)} >= ${sql.ref(`${t}.b_from`)} THEN 'B' ELSE 'C' END`;
  return sql`
    WITH quarters AS (
      SELECT company_id, q, sum((revenue * 100)::float8) AS k, sum(revenue::float8 * revenue::float8) AS sq
      FROM (
        SELECT r.company_id, r.month, r.revenue, ${monthQuarter} AS q
        FROM ${o.months ?? sql`analytics_company_months`} r
        WHERE r.month <= ${o.through}::date
        ORDER BY 1, 4, 2
      ) r
      GROUP BY 1, 2
    ),
    near AS (
      SELECT q.*, lead(q) OVER w AS next_q,
             ${sql.join([1, 2, 3, 4].map((i) => sql`lag(q, ${sql.lit(i)}) OVER w AS ${sql.ref(`q${i}`)}, lag(k, ${sql.lit(i)}) OVER w AS ${sql.ref(`k${i}`)}, lag(sq, ${sql.lit(i)}) OVER w AS ${sql.ref(`sq${i}`)}`))}
      FROM quarters q
      WINDOW w AS (PARTITION BY company_id ORDER BY q)
    ),
    -- every period whose 12 months hold a quarter with sales (a quarter and up to three after it, until
    -- the next quarter with sales), with the sums of the period before it, computed as that period's own
    sums AS MATERIALIZED (
      SELECT company_id, p, (${window('k', 0, sql`p`)})::int8 AS k, ${window('sq', 0, sql`p`)} AS sq,
             pp, (${previous('k')})::int8 AS pk, ${previous('sq')} AS psq
      FROM (
        SELECT near.*, v.n, q + v.n AS p, ${pp} AS pp FROM near CROSS JOIN (VALUES (0), (1), (2), (3)) AS v (n)
        WHERE (next_q IS NULL OR q + v.n < next_q) AND q + v.n <= ${sql.lit(last)}
      ) x
    ),
    -- a class depends only on the value within a period, and rises with it: each period's A and B
    -- start at the smallest value ranked into them, found from the periods' values alone (narrow rows)
    cutoffs AS (
      SELECT p, min(k) FILTER (WHERE abc = 'A') AS a_from, min(k) FILTER (WHERE abc <> 'C') AS b_from
      FROM (
        SELECT p, k, ${abcCase('k', o)} AS abc FROM (
          SELECT p, k, ${strictlyLarger('k', sql`PARTITION BY p`)} AS before, sum(greatest(k, 0)::float8) OVER (PARTITION BY p) AS total
          FROM sums
        ) r
      ) c
      GROUP BY p
    ),
    classified AS (
      SELECT c.*, ${xyzCase('cv', o)} AS xyz, ${xyzCase('pcv', o)} AS previous_xyz FROM (
        SELECT s.company_id, s.p, s.k, ${abcAt('k', 't')} AS abc, ${cvExpr('k', 'sq_k', 12)} AS cv,
               s.pp, CASE WHEN s.pp IS NOT NULL THEN ${abcAt('pk', 'u')} END AS previous_abc, ${cvExpr('pk', 'psq_k', 12)} AS pcv
        FROM (SELECT s.*, s.sq * 10000 AS sq_k, s.psq * 10000 AS psq_k FROM sums s) s
        JOIN cutoffs t ON t.p = s.p
        LEFT JOIN cutoffs u ON u.p = s.pp
      ) c
    )
    INSERT INTO analytics_class_history (company_id, period_end, abc, xyz, revenue, cv, previous_abc, previous_xyz)
    SELECT company_id, ${quarterEnd('p')}, abc, xyz, k * 0.01, round(cv::numeric, 4), previous_abc, previous_xyz
    FROM classified
    WHERE pp IS NULL OR pp <> p - 1 OR previous_abc <> abc OR previous_xyz IS DISTINCT FROM xyz`;
}
