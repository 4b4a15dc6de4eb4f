import { type Kysely, type RawBuilder, sql } from 'kysely';
import { parseNumberList } from '../../db/array-literal.js';
import { dateArray, float8Array, int4Array, int8Array } from '../../db/binary-array.js';
import { refillTable, replaceTable } from '../../db/bulk-load.js';
import type { DB } from '../../db/schema.js';
import { type ClientMonths, monthFirstDay, monthOfDay, runningTotals } from '../../domain/analytics/client-months.js';

/** Orders that count as sales: drafts are not sales yet, cancelled ones never were. */
export const SALE_STATUSES = ['confirmed', 'shipped', 'completed'] as const;
const saleStatuses = sql.join(SALE_STATUSES.map((s) => sql.lit(s)));

/** Company ids in (after, through]; null leaves that side open. */
export type CompanyRange = { after: number | null; through: number | null };

const inCompanies = (column: string, scope: readonly number[] | CompanyRange | undefined): RawBuilder<boolean> => {
  if (scope === undefined) return sql<boolean>`true`;
  const c = sql.ref(column);
  if (Array.isArray(scope)) return sql<boolean>`${c} = any(${[...scope]}::int[])`;
  const { after, through } = scope as CompanyRange;
  return sql<boolean>`${after === null ? sql`true` : sql`${c} > ${after}`} AND ${through === null ? sql`true` : sql`${c} <= ${through}`}`;
};

/** A month's margin from its summed revenue and cost, as the rollup stores it. */
const marginOf = (row: RawBuilder<unknown>) => sql`round(${row}.revenue - ${row}.cost, 2)`;

/**
 * Recomputes the per-client monthly rollup of the given companies with one pass over their order
 * lines: months that no longer have sales are deleted, the rest upserted (unchanged rows are not
 * rewritten); their running totals follow. Safe to call inside the caller's transaction, e.g. right
 * after an order is written: `await refreshRollups(trx, { companyIds: [companyId] })`. Every client at
 * once is a full rebuild instead (refresh.service.ts: stageRollup, installRollup, writeClientSeries).
 */
export async function refreshRollups(db: Kysely<DB>, { companyIds }: { companyIds: readonly number[] }): Promise<void> {
  if (companyIds.length === 0) return;
  const categoryIds = await categoriesOf(db);
  await upsertRollup(sql`(${perMonthSelect(categoryIds, companyIds)})`, categoryIds, companyIds).execute(db);
  await sql`DELETE FROM analytics_client_series WHERE company_id = any(${[...companyIds]}::int[])`.execute(db);
  await sql`INSERT INTO analytics_client_series ${seriesSelect(companyIds)}`.execute(db);
}

/**
 * The pass over every order line, per client and month: the rollup's rows, in key order, into a new
 * unlogged table `stage` (CREATE TABLE AS may run in parallel; an INSERT ... SELECT runs on one core),
 * which installRollup then puts in the rollup's place. Its columns are the rollup's, typed alike.
 */
export async function stageRollup(db: Kysely<DB>, stage: string): Promise<void> {
  const categoryIds = await categoriesOf(db);
  await sql`CREATE UNLOGGED TABLE ${sql.table(stage)} AS ${passRows(categoryIds, undefined)} ORDER BY company_id, month`.execute(db);
}

/** An empty stage with the columns stageRollup gives it, for passes over ranges of clients to fill. */
export async function createRollupStage(db: Kysely<DB>, stage: string): Promise<void> {
  const categoryIds = await categoriesOf(db);
  await sql`CREATE UNLOGGED TABLE ${sql.table(stage)} AS ${passRows(categoryIds, undefined)} WITH NO DATA`.execute(db);
}

/**
 * The pass over the lines of the clients in `companies` into a stage from createRollupStage, in key
 * order. Passes over other ranges may fill the same stage at the same time: each writes its own pages.
 */
export async function fillRollupStage(db: Kysely<DB>, stage: string, companies: CompanyRange): Promise<void> {
  const categoryIds = await categoriesOf(db);
  await sql`INSERT INTO ${sql.table(stage)} ${passRows(categoryIds, companies)} ORDER BY company_id, month`.execute(db);
}

/** How many processes PostgreSQL gives one parallel statement (its leader and the workers it may ask for). */
export async function parallelProcesses(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT current_setting('max_parallel_workers_per_gather')::int + 1 AS n`.execute(db);
  return rows[0]?.n ?? 1;
}

/**
 * Company ranges, in id order, that split the sale orders into `parts` of about equal size, for passes
 * that run side by side: bounds from a 1% sample of the orders' pages (every order when the sample
 * finds too few, as in a small database). Lines per order average out over the thousands sampled.
 */
export async function rollupRanges(db: Kysely<DB>, parts: number): Promise<CompanyRange[]> {
  if (parts <= 1) return [{ after: null, through: null }];
  const fractions = Array.from({ length: parts - 1 }, (_, i) => (i + 1) / parts);
  const bounds = async (sample: RawBuilder<unknown>) =>
    (await sql<{ n: number; b: number[] | null }>`
      SELECT count(*)::int AS n, percentile_disc(${fractions}::float8[]) WITHIN GROUP (ORDER BY company_id) AS b FROM orders ${sample}`.execute(db)).rows[0];
  let found = await bounds(sql`TABLESAMPLE SYSTEM (1)`);
  if ((found?.n ?? 0) < 1000) found = await bounds(sql``);
  const cuts = [...new Set(found?.b ?? [])].sort((x, y) => x - y);
  return [...cuts, null].map((through, i) => ({ after: i === 0 ? null : (cuts[i - 1] as number), through }));
}

const categoriesOf = async (db: Kysely<DB>) => (await sql<{ id: number }>`SELECT id FROM product_categories ORDER BY id`.execute(db)).rows.map((r) => r.id);

/** How many words a rollup row's category_bits has at most: one per 64 category ids (rows written before a category with a higher id existed have fewer). */
export const categoryWords = async (db: Kysely<DB>) => words(await categoriesOf(db)).length;

/**
 * Replaces the rollup with the staged one (stageRollup): the stage becomes the table, whose keys and
 * index are built once from the finished rows (replaceTable). The rows were written once, sorted, as the
 * snapshot reads them (in key order: 0.3-0.9 s slower on a shuffled heap at 10M lines); copying them from a
 * stage into the emptied table cost another 1.5 s there.
 */
export const installRollup = (db: Kysely<DB>, stage: string) => replaceTable(db, 'analytics_company_months', stage);

/** The words of the category masks: bit (id % 64) of word (id / 64) is category id (ids are ascending). */
const words = (categoryIds: readonly number[]) => Array.from({ length: Math.floor((categoryIds.at(-1) ?? 0) / 64) + 1 }, (_, k) => k);
const w = (k: number) => sql.ref(`w${k}`);

// One row per client and month. How it stays close to the cost of a plain aggregate over the lines:
// - the categories a month touches are OR-ed 64-bit masks (one word per 64 category ids) looked up by
//   product id in an array built once, not a DISTINCT over millions of lines, and kept as they are;
// - revenue is the orders' own total (what the client was invoiced, equal to the sum of its rounded
//   lines), summed from the orders alone; the lines give cost (for margin), line counts and masks.
export function perMonthSelect(categoryIds: readonly number[], companies: readonly number[] | CompanyRange | undefined) {
  const ks = words(categoryIds);
  const maskArray = (k: number) => sql`(
    SELECT array_agg(CASE WHEN pb.category_id / 64 = ${sql.lit(k)} THEN 1::bigint << (pb.category_id % 64) ELSE 0 END ORDER BY i)
    FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM products)) AS i
    LEFT JOIN (SELECT p.id, g.category_id FROM products p JOIN product_groups g ON g.id = p.group_id) pb ON pb.id = i)`;
  const sale = sql`o.status IN (${saleStatuses}) AND o.archived_at IS NULL AND ${inCompanies('o.company_id', companies)}`;
  // The month of a date, truncated as a timestamp without time zone: the same date as date_trunc on
  // the date itself, which takes every line through the session's time zone and back (measured 0.1-0.16
  // us a line: 1-1.5 s of CPU at 10M lines).
  const month = sql`date_trunc('month', o.ordered_on::timestamp)::date`;
  return sql`
    SELECT m.company_id, m.month, m.revenue, coalesce(l.cost, 0) AS cost, coalesce(l.lines, 0)::int AS lines, m.orders,
           m.first_order_on, m.last_order_on, ${sql.join(ks.map((k) => sql`coalesce(l.${w(k)}, 0) AS ${w(k)}`))}
    FROM (
      SELECT o.company_id, ${month} AS month, sum(o.total) AS revenue, count(*)::int AS orders,
             min(o.ordered_on) AS first_order_on, max(o.ordered_on) AS last_order_on
      FROM orders o WHERE ${sale}
      GROUP BY 1, 2
    ) m
    LEFT JOIN (
      SELECT o.company_id, ${month} AS month, sum(l.quantity * l.cost) AS cost, count(*) AS lines,
             ${sql.join(ks.map((k) => sql`bit_or(${maskArray(k)}[l.product_id]) AS ${w(k)}`))}
      FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE ${sale}
      GROUP BY 1, 2
    ) l ON l.company_id = m.company_id AND l.month = m.month`;
}

/** The pass over the lines of the given clients as final rollup rows (stageRollup, fillRollupStage). */
const passRows = (categoryIds: readonly number[], companies: CompanyRange | undefined) =>
  rollupRows(sql`(${perMonthSelect(categoryIds, companies)})`, categoryIds);

/** The final rollup rows, typed as the rollup's columns, from per-month rows in `source` (a parenthesised SELECT). */
function rollupRows(source: RawBuilder<unknown>, categoryIds: readonly number[]) {
  return sql`
    SELECT m.company_id, m.month, m.revenue::numeric(15,2) AS revenue, ${marginOf(sql`m`)}::numeric(15,2) AS margin, m.orders, m.lines, m.first_order_on, m.last_order_on,
           ARRAY[${sql.join(words(categoryIds).map((k) => sql`m.${w(k)}`))}]::int8[] AS category_bits
    FROM ${source} AS m`;
}

/**
 * Every client's running totals (a full rebuild) from client-months already read (clientMonths,
 * margins included), computed in TypeScript (src/domain/analytics/client-months.ts runningTotals): a
 * full rebuild reads the new rollup once for these and the class history. The same values and bits
 * as seriesSelect gives a client after an order (analytics-recompute.test.ts compares every row).
 */
export async function writeClientSeries(db: Kysely<DB>, months: ClientMonths) {
  const t = runningTotals(months);
  const n = t.company.length;
  const days = new Int32Array(t.month.length);
  for (let i = 0; i < days.length; i++) days[i] = monthFirstDay(t.month[i] as number);
  const first = new Int32Array(n);
  for (let c = 0; c < n; c++) first[c] = (t.from[c] as number) + 1;
  // each column as one binary array; every client's arrays are slices of them (from[c] + 1 .. from[c + 1], 1-based)
  await refillTable(db, 'analytics_client_series', () => sql`
    INSERT INTO analytics_client_series (company_id, months, revenue, margin, squares)
    SELECT c, m[f:u], r[f:u], g[f:u], s[f:u]
    FROM unnest(${int4Array(t.company)}::int[], ${int4Array(first)}::int[], ${int4Array(t.from.subarray(1))}::int[]) AS x (c, f, u),
         (SELECT ${dateArray(days)}::date[] AS m, ${int8Array(t.kopecks)}::int8[] AS r, ${int8Array(t.margin)}::int8[] AS g,
                 ${float8Array(t.squares)}::float8[] AS s) AS a`.execute(db));
}

/**
 * Every client-month of the rollup, revenue and margin in whole kopecks, in no particular order (the
 * models sort them: a counting sort in TypeScript takes milliseconds where the database's took half a
 * second). Read as comma-separated lists in one row: ~0.8M client-months parse several times faster
 * from four strings than from as many row objects. Months arrive as days since 1970-01-01, the
 * cheapest date arithmetic in SQL.
 */
export async function clientMonths(db: Kysely<DB>): Promise<ClientMonths> {
  const { rows } = await sql<{ c: string | null; d: string | null; k: string | null; m: string | null }>`
    SELECT string_agg(company_id::text, ',') AS c, string_agg(d::text, ',') AS d, string_agg(k::text, ',') AS k, string_agg(m::text, ',') AS m
    FROM (SELECT company_id, month - DATE '1970-01-01' AS d, (revenue * 100)::int8 AS k, (margin * 100)::int8 AS m FROM analytics_company_months) r`.execute(db);
  const r = rows[0];
  const days = parseNumberList(r?.d);
  const months = new Map<number, number>();
  const month = new Int32Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    let m = months.get(d);
    if (m === undefined) months.set(d, (m = monthOfDay(d)));
    month[i] = m;
  }
  return { company: Int32Array.from(parseNumberList(r?.c)), month, kopecks: parseNumberList(r?.k), margin: parseNumberList(r?.m) };
}

/**
 * Running totals per client from its rollup rows (analytics_client_series): sale months in order
 * and, through each, cumulative revenue and margin in whole kopecks (float8 sums of whole numbers,
 * exact below 2^53) and the sum of squared monthly revenue (float8, as the other paths sum it). A period's figures are
 * then total[last month <= to] - total[last month < from] (abc.repository.ts periodFigures).
 */
function seriesSelect(companyIds: readonly number[] | undefined) {
  return sql`(company_id, months, revenue, margin, squares)
    SELECT company_id, array_agg(month ORDER BY month), array_agg(rk ORDER BY month), array_agg(mk ORDER BY month), array_agg(sq ORDER BY month)
    FROM (
      SELECT company_id, month, (sum(round(revenue::float8 * 100)) OVER w)::int8 AS rk, (sum(round(margin::float8 * 100)) OVER w)::int8 AS mk,
             sum(revenue::float8 * revenue::float8) OVER w AS sq
      FROM analytics_company_months
      WHERE ${inCompanies('company_id', companyIds)}
      WINDOW w AS (PARTITION BY company_id ORDER BY month ROWS UNBOUNDED PRECEDING)
    ) r
    GROUP BY company_id`;
}

/** Upserts the per-month rows of `source` (a table or a parenthesised SELECT) into the rollup. */
export function upsertRollup(source: RawBuilder<unknown>, categoryIds: readonly number[], companyIds: readonly number[] | undefined) {
  return sql`
    WITH fresh AS MATERIALIZED (${rollupRows(source, categoryIds)}),
    gone AS (
      DELETE FROM analytics_company_months r
      WHERE ${inCompanies('r.company_id', companyIds)}
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.company_id = r.company_id AND f.month = r.month)
    )
    INSERT INTO analytics_company_months AS r (company_id, month, revenue, margin, orders, lines, first_order_on, last_order_on, category_bits)
    SELECT company_id, month, revenue, margin, orders, lines, first_order_on, last_order_on, category_bits FROM fresh
    ON CONFLICT (company_id, month) DO UPDATE SET
      revenue = excluded.revenue, margin = excluded.margin, orders = excluded.orders, lines = excluded.lines,
      first_order_on = excluded.first_order_on, last_order_on = excluded.last_order_on, category_bits = excluded.category_bits
    WHERE (r.revenue, r.margin, r.orders, r.lines, r.first_order_on, r.last_order_on, r.category_bits)
      IS DISTINCT FROM (excluded.revenue, excluded.margin, excluded.orders, excluded.lines, excluded.first_order_on, excluded.last_order_on, excluded.category_bits)`;
}

/**
 * The columns the reads of each read model filter, join, group or sort on: the only ones whose
 * statistics a plan uses. A new read that filters on another column should add it here.
 */
const PLANNED_COLUMNS = {
  analytics_company_months: ['company_id', 'month'],
  analytics_class_history: ['company_id', 'period_end'],
  analytics_clients: [
    'company_id', 'revenue', 'margin', 'months_12m', 'categories_12m', 'revenue_rank', 'revenue_abc', 'margin_rank', 'margin_abc', 'xyz',
    'knowers', 'churn_active', 'score', 'pattern',
  ],
} as const;

/**
 * Fresh planner statistics after a full rebuild, so the next steps and the first dashboard reads get
 * good plans: of the planned columns only (the category words, the other figures and the arrays took
 * 60-75% of each ANALYZE: 0.33 s -> 0.14 s for the three tables on PGlite at 1M lines).
 */
export async function analyzeReadModels(db: Kysely<DB>, tables: (keyof typeof PLANNED_COLUMNS)[]) {
  for (const t of tables) await sql`ANALYZE ${sql.table(t)} (${sql.join(PLANNED_COLUMNS[t].map((c) => sql.ref(c)))})`.execute(db);
}
