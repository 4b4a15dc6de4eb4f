import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';

export type Counts = Record<string, Record<string, number>>;

/** What every merge step needs: the transaction, the staging table and where to write the report. */
export type MergeContext = {
  trx: Kysely<DB>;
  stage: string;
  importId: number;
  labels: Record<string, string>;
  counts: Counts;
  /** Rows not to import so far (bad in the file, then rejected by the merge): steps skip work while it stays put. */
  rejected: number;
  /** Staging columns that hold a value in at least one row. */
  present: Set<string>;
  /** From this many new order lines on, foreign keys are checked once for the table rather than per row. */
  bulkLines: number;
};

/** Each import type: `analyse` resolves and reports (kept by a dry run), `write` changes the real tables. */
export type Merger = {
  analyse: (m: MergeContext) => Promise<void>;
  write: (m: MergeContext) => Promise<void>;
};

export const S = (m: MergeContext) => sql.table(m.stage);
export const label = (m: MergeContext, field: string) => m.labels[field] ?? field;

export function count(m: MergeContext, entity: string, what: string, n: number) {
  m.counts[entity] ??= {};
  m.counts[entity][what] = (m.counts[entity][what] ?? 0) + n;
}

/** The single number a counting query returns (run at top level, so it may hold a data-modifying WITH). */
export async function scalar(trx: Kysely<DB>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await query.execute(trx);
  const first = rows[0] as Record<string, unknown> | undefined;
  return Number(first ? Object.values(first)[0] : 0);
}

/**
 * Rejects staged rows: `rows` selects (rec, value, message); each becomes a line of the error
 * report under the field's column label, and the row is no longer imported.
 */
export async function reject(m: MergeContext, field: string, rows: RawBuilder<unknown>): Promise<number> {
  const n = await scalar(m.trx, sql`
    WITH r AS (${rows}),
    bad AS (
      UPDATE ${S(m)} s SET ok = false FROM r WHERE s.rec = r.rec AND s.ok
      RETURNING s.row_no, r.value, r.message
    ),
    ins AS (
      INSERT INTO import_issues (import_id, kind, row_no, column_name, value, message)
      SELECT ${m.importId}::integer, 'error', row_no, ${label(m, field)}::text, left(value::text, 1000), message FROM bad
      RETURNING 1
    )
    SELECT count(*) FROM ins`);
  m.rejected += n;
  return n;
}

/** Reports records matched to an existing one by something other than their external id. */
export async function reportMerges(m: MergeContext, field: string, rows: RawBuilder<unknown>): Promise<void> {
  await sql`
    INSERT INTO import_issues (import_id, kind, row_no, column_name, value, message, record_id)
    SELECT ${m.importId}::integer, 'merge', row_no, ${label(m, field)}::text, value, message, record_id FROM (${rows}) r
  `.execute(m.trx);
}

/** Rows whose `column` repeats an earlier row's value: (rec, value, message). */
export function duplicates(m: MergeContext, column: string, what: string): RawBuilder<unknown> {
  const c = sql.ref(column);
  return sql`
    SELECT rec, value, ${`${what} repeats row `}::text || first_row AS message FROM (
      SELECT rec, ${c}::text AS value, first_value(row_no) OVER w AS first_row, row_number() OVER w AS n
      FROM ${S(m)} WHERE ok AND ${c} IS NOT NULL
      WINDOW w AS (PARTITION BY ${c} ORDER BY rec)
    ) d WHERE n > 1`;
}

/** Rows that resolve to the same target record as an earlier row. */
export function sameTarget(m: MergeContext, what: string): RawBuilder<unknown> {
  return sql`
    SELECT rec, NULL::text AS value, ${`is the same ${what} as row `}::text || first_row AS message FROM (
      SELECT rec, first_value(row_no) OVER w AS first_row, row_number() OVER w AS n
      FROM ${S(m)} WHERE ok AND target_id IS NOT NULL
      WINDOW w AS (PARTITION BY target_id ORDER BY rec)
    ) d WHERE n > 1`;
}

/** Fills `idColumn` from an employee email, or a unique full name, in `refColumn`; departed people do not count. */
export async function resolveEmployees(m: MergeContext, refColumn: string, idColumn: string, table = m.stage): Promise<void> {
  const t = sql.table(table);
  const ref = sql.ref(`t.${refColumn}`);
  const id = sql.raw(idColumn);
  await sql`
    UPDATE ${t} t SET ${id} = e.id FROM employees e
    WHERE t.ok AND ${ref} IS NOT NULL AND lower(e.email) = lower(${ref}) AND e.status <> 'departed'`.execute(m.trx);
  await sql`
    UPDATE ${t} t SET ${id} = e.id
    FROM (SELECT hf_fold(name) AS name, min(id) AS id FROM employees WHERE status <> 'departed' GROUP BY 1 HAVING count(*) = 1) e
    WHERE t.ok AND t.${id} IS NULL AND ${ref} IS NOT NULL AND hf_fold(${ref}) = e.name`.execute(m.trx);
}

/**
 * Ties rows to existing clients through (company_external_id, company_inn, company_name): by code,
 * then INN, then a unique normalised name (only when the row has no INN or the client none).
 */
export async function resolveCompanies(m: MergeContext, table = m.stage): Promise<void> {
  const t = sql.table(table);
  await sql`
    UPDATE ${t} t SET company_id = c.id, company_matched_by = 'external_id' FROM companies c
    WHERE t.ok AND t.company_id IS NULL AND t.company_external_id IS NOT NULL AND c.external_id = t.company_external_id`.execute(m.trx);
  await sql`
    UPDATE ${t} t SET company_id = c.id, company_matched_by = 'inn' FROM companies c
    WHERE t.ok AND t.company_id IS NULL AND t.company_inn IS NOT NULL AND c.inn = t.company_inn`.execute(m.trx);
  // By name only for rows still unmatched, looking each key up through companies_name_key_idx.
  await sql`
    WITH wanted AS (
      SELECT DISTINCT hf_company_key(company_name) AS key FROM ${t}
      WHERE ok AND company_id IS NULL AND company_name IS NOT NULL
    ),
    k AS (
      SELECT w.key, min(c.id) AS id, bool_and(c.inn IS NULL) AS no_inn FROM wanted w
      JOIN companies c ON hf_company_key(c.name) = w.key GROUP BY w.key HAVING count(*) = 1
    )
    UPDATE ${t} t SET company_id = k.id, company_matched_by = 'name' FROM k
    WHERE t.ok AND t.company_id IS NULL AND t.company_name IS NOT NULL AND k.key = hf_company_key(t.company_name)
      AND (t.company_inn IS NULL OR k.no_inn)`.execute(m.trx);
}

/** A sentence naming the client a row (alias `t`) refers to, for "not found" messages. */
export const companyRefText = (t: string) => {
  const c = (col: string) => sql.ref(`${t}.${col}`);
  return sql`coalesce('INN ' || ${c('company_inn')}, 'code ' || ${c('company_external_id')}, '«' || ${c('company_name')} || '»')`;
};

// The sequence is looked up once (an init plan), not once per row.
export const nextId = (table: string) => sql`nextval((SELECT pg_get_serial_sequence(${table}::text, 'id'))::regclass)`;
