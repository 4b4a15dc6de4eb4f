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
 * changes, or comes back after a gap. Months are summed per quarter and each quarter feeds the four
 * quarter ends whose 12 months contain it;
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
 * rollup is still being written. Sorted as the freshly written rollup lies on disk, so every float
 * sum adds the same months in the same order and the rows are the same to the last bit.
 */
export const stagedMonths = (stage: string) => sql`(SELECT company_id, month, revenue FROM ${sql.table(stage)} ORDER BY company_id, month)`;

// Quarters are whole numbers in the statement (the period that ends with quarter p covers p-3..p), so
// the ~2M quarter-and-period rows are grouped, sorted and compared as integers; a quarter becomes a
// date only for the rows written. Date arithmetic went through timestamptz and time zones on every row
// (date_trunc, + interval, generate_series): about a third of the statement.
const monthQuarter = sql`(date_part('year', r.month::timestamp)::int * 4 + (date_part('month', r.month::timestamp)::int - 1) / 3)`;
const quarterEnd = (p: string) => sql`make_date(${sql.ref(p)} / 4, ${sql.ref(p)} % 4 * 3 + 3, 1)`;

export function classHistoryStatement(o: HistoryOptions & { months?: RawBuilder<unknown> }) {
  const last = quarterIndex(o.through);
  return sql`
    WITH quarters AS (
      SELECT r.company_id, ${monthQuarter} AS q, sum((r.revenue * 100)::float8) AS k, sum(r.revenue::float8 * r.revenue::float8) AS sq
      FROM ${o.months ?? sql`analytics_company_months`} r
      WHERE r.month <= ${o.through}::date
      GROUP BY 1, 2
    ),
    sums AS (
      SELECT q.company_id, q.q + n.n AS p, sum(q.k)::int8 AS k, sum(q.sq) AS sq
      FROM quarters q CROSS JOIN (VALUES (0), (1), (2), (3)) AS n (n)
      WHERE q.q + n.n <= ${sql.lit(last)}
      GROUP BY 1, 2
    ),
    ranked AS (
      SELECT s.*, ${strictlyLarger('k', sql`PARTITION BY p`)} AS before,
             sum(greatest(k, 0)::float8) OVER (PARTITION BY p) AS total
      FROM sums s
    ),
    classified AS (
      SELECT c.*, ${xyzCase('cv', o)} AS xyz FROM (
        SELECT company_id, p, k, ${abcCase('k', o)} AS abc, ${cvExpr('k', 'sq_k', 12)} AS cv
        FROM (SELECT r.*, r.sq * 10000 AS sq_k FROM ranked r) r
      ) c
    ),
    changes AS (
      SELECT c.*, lag(abc) OVER t AS previous_abc, lag(xyz) OVER t AS previous_xyz, lag(p) OVER t AS previous_p
      FROM classified c
      WINDOW t AS (PARTITION BY company_id ORDER BY p)
    )
    INSERT INTO analytics_class_history (company_id, period_end, abc, xyz, revenue, cv, previous_abc, previous_xyz)
    SELECT company_id, ${quarterEnd('p')}, abc, xyz, k * 0.01, round(cv::numeric, 4), previous_abc, previous_xyz
    FROM changes
    WHERE previous_p IS NULL OR previous_p <> p - 1 OR previous_abc <> abc OR previous_xyz IS DISTINCT FROM xyz`;
}
