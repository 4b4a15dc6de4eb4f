import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Orders that count as sales: drafts are not sales yet, cancelled ones never were. */
export const SALE_STATUSES = ['confirmed', 'shipped', 'completed'] as const;
const saleStatuses = sql.join(SALE_STATUSES.map((s) => sql.lit(s)));

const inCompanies = (column: string, ids: readonly number[] | undefined): RawBuilder<boolean> =>
  ids === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = any(${[...ids]}::int[])`;

/**
 * Recomputes the per-client monthly rollup for the given companies (all when omitted): one pass
 * over their order lines, months that no longer have sales deleted, the rest upserted (unchanged
 * rows are not rewritten). Safe to call inside the caller's transaction, e.g. right after an order
 * is written: `await refreshRollups(trx, { companyIds: [companyId] })`.
 */
export async function refreshRollups(db: Kysely<DB>, { companyIds }: { companyIds?: readonly number[] } = {}): Promise<void> {
  if (companyIds !== undefined && companyIds.length === 0) return;
  const { rows } = await sql<{ id: number }>`SELECT id FROM product_categories ORDER BY id`.execute(db);
  const categoryIds = rows.map((r) => r.id);
  if (companyIds !== undefined) {
    await upsertRollup(sql`(${perMonthSelect(categoryIds, companyIds)})`, categoryIds, companyIds).execute(db);
    return;
  }
  // All clients: Postgres runs a data-modifying statement on one core, but CREATE TABLE AS may
  // use parallel workers, so the pass over the lines fills a scratch table first (same transaction).
  const rebuild = async (trx: Kysely<DB>) => {
    await sql`CREATE UNLOGGED TABLE analytics_rollup_stage AS ${perMonthSelect(categoryIds, undefined)}`.execute(trx);
    await upsertRollup(sql`analytics_rollup_stage`, categoryIds, undefined).execute(trx);
    await sql`DROP TABLE analytics_rollup_stage`.execute(trx);
  };
  if (db.isTransaction) await rebuild(db);
  else await db.transaction().execute(rebuild);
}

const words = (categoryIds: readonly number[]) => Array.from({ length: Math.floor(categoryIds.length / 64) + 1 }, (_, k) => k);
const w = (k: number) => sql.ref(`w${k}`);

// One row per client and month. How it stays close to the cost of a plain aggregate over the lines:
// - the categories a month touches are OR-ed 64-bit masks (one word per 64 categories) looked up by
//   product id in an array built once, not a DISTINCT over millions of lines;
// - revenue is the orders' own total (what the client was invoiced, equal to the sum of its rounded
//   lines), summed from the orders alone; the lines give cost (for margin), line counts and masks.
export function perMonthSelect(categoryIds: readonly number[], companyIds: readonly number[] | undefined) {
  const ks = words(categoryIds);
  const cats = sql`${[...categoryIds]}::int[]`;
  const maskArray = (k: number) => sql`(
    SELECT array_agg(CASE WHEN pb.pos / 64 = ${sql.lit(k)} THEN 1::bigint << (pb.pos % 64) ELSE 0 END ORDER BY i)
    FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM products)) AS i
    LEFT JOIN (SELECT p.id, array_position(${cats}, g.category_id) - 1 AS pos
               FROM products p JOIN product_groups g ON g.id = p.group_id) pb ON pb.id = i)`;
  const sale = sql`o.status IN (${saleStatuses}) AND o.archived_at IS NULL AND ${inCompanies('o.company_id', companyIds)}`;
  return sql`
    SELECT m.company_id, m.month, m.revenue, coalesce(l.cost, 0) AS cost, coalesce(l.lines, 0)::int AS lines, m.orders,
           m.first_order_on, m.last_order_on, ${sql.join(ks.map((k) => sql`coalesce(l.${w(k)}, 0) AS ${w(k)}`))}
    FROM (
      SELECT o.company_id, date_trunc('month', o.ordered_on)::date AS month, sum(o.total) AS revenue, count(*)::int AS orders,
             min(o.ordered_on) AS first_order_on, max(o.ordered_on) AS last_order_on
      FROM orders o WHERE ${sale}
      GROUP BY 1, 2
    ) m
    LEFT JOIN (
      SELECT o.company_id, date_trunc('month', o.ordered_on)::date AS month, sum(l.quantity * l.cost) AS cost, count(*) AS lines,
             ${sql.join(ks.map((k) => sql`bit_or(${maskArray(k)}[l.product_id]) AS ${w(k)}`))}
      FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE ${sale}
      GROUP BY 1, 2
    ) l ON l.company_id = m.company_id AND l.month = m.month`;
}

/** Upserts the per-month rows of `source` (a table or a parenthesised SELECT) into the rollup. */
export function upsertRollup(source: RawBuilder<unknown>, categoryIds: readonly number[], companyIds: readonly number[] | undefined) {
  const ks = words(categoryIds);
  const list = (f: (k: number) => RawBuilder<unknown>) => sql.join(ks.map(f));
  const bitAt = sql`CASE p / 64 ${sql.join(ks.map((k) => sql`WHEN ${sql.lit(k)} THEN d.${w(k)}`), sql` `)} END`;
  return sql`
    WITH per_month AS MATERIALIZED (SELECT * FROM ${source} AS src),
    -- each distinct combination of masks becomes an int[] of category ids once
    category_sets AS MATERIALIZED (
      SELECT ${list((k) => sql`d.${w(k)}`)},
             ARRAY(SELECT (${[...categoryIds]}::int[])[p + 1] FROM generate_series(0, ${categoryIds.length} - 1) AS p
                   WHERE (${bitAt} >> (p % 64)) & 1 = 1 ORDER BY p) AS categories
      FROM (SELECT DISTINCT ${list((k) => w(k))} FROM per_month) d
    ),
    fresh AS (
      SELECT m.company_id, m.month, m.revenue, round(m.revenue - m.cost, 2) AS margin, m.orders, m.lines,
             m.first_order_on, m.last_order_on, s.categories
      FROM per_month m JOIN category_sets s ON ${sql.join(ks.map((k) => sql`s.${w(k)} = m.${w(k)}`), sql` AND `)}
    ),
    gone AS (
      DELETE FROM analytics_company_months r
      WHERE ${inCompanies('r.company_id', companyIds)}
        AND NOT EXISTS (SELECT 1 FROM per_month f WHERE f.company_id = r.company_id AND f.month = r.month)
    )
    INSERT INTO analytics_company_months AS r (company_id, month, revenue, margin, orders, lines, first_order_on, last_order_on, categories)
    SELECT company_id, month, revenue, margin, orders, lines, first_order_on, last_order_on, categories FROM fresh
    ON CONFLICT (company_id, month) DO UPDATE SET
      revenue = excluded.revenue, margin = excluded.margin, orders = excluded.orders, lines = excluded.lines,
      first_order_on = excluded.first_order_on, last_order_on = excluded.last_order_on, categories = excluded.categories
    WHERE (r.revenue, r.margin, r.orders, r.lines, r.first_order_on, r.last_order_on, r.categories)
      IS DISTINCT FROM (excluded.revenue, excluded.margin, excluded.orders, excluded.lines, excluded.first_order_on, excluded.last_order_on, excluded.categories)`;
}

export type AnalyticsState = {
  orders_watermark: Date | null;
  rollup_refreshed_at: Date | null;
  history_computed_at: Date | null;
  history_through: string | null;
  scores_as_of: string | null;
  scores_computed_at: Date | null;
  today: string;
  /** The latest orders.updated_at, as text so microseconds survive the trip through JS. */
  latest_order_change: string | null;
  watermark_text: string | null;
};

/** The refresh bookkeeping, the database's date, and the newest order change (an index probe). */
export async function readState(db: Kysely<DB>): Promise<AnalyticsState> {
  const { rows } = await sql<AnalyticsState>`
    SELECT s.*, current_date::text AS today, s.orders_watermark::text AS watermark_text,
           (SELECT max(updated_at) FROM orders)::text AS latest_order_change
    FROM analytics_state s`.execute(db);
  return rows[0] as AnalyticsState;
}

/** Companies with an order written after the watermark (orders_updated_idx makes this a range scan). */
export async function companiesChangedSince(db: Kysely<DB>, { watermark }: { watermark: string }) {
  const { rows } = await sql<{ company_id: number }>`
    SELECT DISTINCT company_id FROM orders WHERE updated_at > ${watermark}::timestamptz`.execute(db);
  return rows.map((r) => r.company_id);
}

/** Earliest order date among the orders written after the watermark (to know if closed quarters moved). */
export async function earliestChangedOrderDate(db: Kysely<DB>, { watermark }: { watermark: string }) {
  const { rows } = await sql<{ d: string | null }>`
    SELECT min(ordered_on)::text AS d FROM orders WHERE updated_at > ${watermark}::timestamptz`.execute(db);
  return rows[0]?.d ?? null;
}

export type StateValues = {
  orders_watermark?: string | null;
  rollup_refreshed_at?: 'now';
  history_computed_at?: 'now';
  history_through?: string | null;
  scores_as_of?: string;
  scores_computed_at?: 'now';
};

export async function writeState(db: Kysely<DB>, values: StateValues) {
  const sets = Object.entries(values).map(([k, v]) =>
    v === 'now' ? sql`${sql.ref(k)} = now()` : k === 'orders_watermark' ? sql`${sql.ref(k)} = ${v}::timestamptz` : sql`${sql.ref(k)} = ${v}`,
  );
  if (sets.length > 0) await sql`UPDATE analytics_state SET ${sql.join(sets)}`.execute(db);
}

/** Serialises refreshes: a second caller waits, then finds the work already done. */
export const lockRefresh = (db: Kysely<DB>) => sql`SELECT pg_advisory_xact_lock(7215041, 1)`.execute(db);

/**
 * ABC (by revenue) and XYZ of every client over the 12 months ending at each calendar quarter end
 * from the first month with sales through `through`, in one statement. Same rules as
 * src/domain/analytics/abc.ts and xyz.ts (tests compare them).
 */
export async function recomputeClassHistory(db: Kysely<DB>, options: HistoryOptions) {
  await classHistoryStatement(options).execute(db);
}

type HistoryOptions = { through: string; aBp: number; abBp: number; x: number; y: number };

export function classHistoryStatement(options: HistoryOptions) {
  return sql`
    WITH periods AS (
      SELECT p::date AS period_end
      FROM (SELECT min(month) AS lo FROM analytics_company_months) b,
           generate_series(date_trunc('quarter', b.lo) + interval '2 months', ${options.through}::date, interval '3 months') p
    ),
    sums AS (
      SELECT p.period_end, r.company_id, sum(r.revenue) AS revenue, sum(r.revenue * r.revenue) AS sq
      FROM periods p
      JOIN analytics_company_months r ON r.month > (p.period_end - interval '12 months')::date AND r.month <= p.period_end
      GROUP BY 1, 2
    ),
    ranked AS (
      SELECT s.*,
             -- the positive sum of strictly larger values: everything up to this value minus its tie group (EXCLUDE GROUP would be quadratic)
             sum(greatest(revenue, 0)) OVER (PARTITION BY period_end ORDER BY revenue DESC RANGE UNBOUNDED PRECEDING)
               - sum(greatest(revenue, 0)) OVER (PARTITION BY period_end ORDER BY revenue DESC RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS before,
             sum(greatest(revenue, 0)) OVER (PARTITION BY period_end) AS total
      FROM sums s
    ),
    fresh AS (
      SELECT company_id, period_end, revenue,
             ${abcCase('revenue', options)} AS abc,
             ${cvExpr('revenue', 'sq', 12)} AS cv
      FROM ranked
    ),
    classified AS (
      SELECT company_id, period_end, revenue, abc, round(cv, 4) AS cv, ${xyzCase('cv', options)} AS xyz FROM fresh
    ),
    gone AS (
      DELETE FROM analytics_class_history h
      WHERE NOT EXISTS (SELECT 1 FROM classified c WHERE c.company_id = h.company_id AND c.period_end = h.period_end)
    )
    INSERT INTO analytics_class_history AS h (company_id, period_end, abc, xyz, revenue, cv)
    SELECT company_id, period_end, abc, xyz, revenue, cv FROM classified
    ON CONFLICT (company_id, period_end) DO UPDATE SET
      abc = excluded.abc, xyz = excluded.xyz, revenue = excluded.revenue, cv = excluded.cv, computed_at = now()
    WHERE (h.abc, h.xyz, h.revenue, h.cv) IS DISTINCT FROM (excluded.abc, excluded.xyz, excluded.revenue, excluded.cv)
  `;
}

// The ABC rule of src/domain/analytics/abc.ts over columns `before` (sum of strictly larger
// positive values) and `total`, compared in whole basis points so numeric stays exact.
export function abcCase(value: string, t: { aBp: number; abBp: number }) {
  const v = sql.ref(value);
  return sql<string>`CASE WHEN total > 0 AND ${v} > 0 AND before * 10000 < ${sql.lit(t.aBp)} * total THEN 'A'
    WHEN total > 0 AND ${v} > 0 AND before * 10000 < ${sql.lit(t.abBp)} * total THEN 'B' ELSE 'C' END`;
}

/** Population CV from the sum and the sum of squares over n months (months without sales are zeros). */
export function cvExpr(sum: string, sumSquares: string, months: number) {
  const s = sql.ref(sum);
  const q = sql.ref(sumSquares);
  const n = sql.lit(months);
  return sql<string | null>`CASE WHEN ${s} > 0 THEN sqrt(greatest(${q} / ${n} - (${s} / ${n}) ^ 2, 0)) / (${s} / ${n}) END`;
}

export function xyzCase(cv: string, t: { x: number; y: number }) {
  const c = sql.ref(cv);
  return sql<string | null>`CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} <= ${sql.lit(t.x)} THEN 'X' WHEN ${c} <= ${sql.lit(t.y)} THEN 'Y' ELSE 'Z' END`;
}

/** Fresh planner statistics after a full rebuild, so the next steps and the first dashboard reads get good plans. */
export async function analyzeReadModels(db: Kysely<DB>, tables: ('analytics_company_months' | 'analytics_class_history' | 'analytics_churn_scores')[]) {
  await sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}
