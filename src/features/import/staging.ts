import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { companyNameKey } from '../../domain/import/company-key.js';
import type { ImportType } from '../../domain/import/fields.js';
import type { CellValue, RowIssue } from '../../domain/import/validate-row.js';

// Every record of a file lands in an UNLOGGED staging table (valid or not, so a bad line can take
// its whole order down with it), loaded with COPY in batches; the merge then works set-based.
type Col = { name: string; type: string; value: (v: Record<string, CellValue>) => CellValue | undefined };
const col = (name: string, type: string, field: string): Col => ({ name, type, value: (v) => v[field] });

const companyRefCols = [
  col('company_external_id', 'text', 'companyExternalId'),
  col('company_inn', 'text', 'companyInn'),
  col('company_name', 'text', 'companyName'),
];

const fold = (s: string) => s.toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ');
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('.');

/** Lines of one order share a key: its code, else "number от date" as 1C names documents. */
export function orderKeyOf(v: Record<string, CellValue>): string | null {
  if (typeof v.orderExternalId === 'string') return v.orderExternalId;
  if (typeof v.number === 'string' && typeof v.date === 'string') return `${v.number} от ${ddmmyyyy(v.date)}`;
  return null;
}

/** The client a line refers to, for grouping within the file: INN first, then code, then name. */
export function companyKeyOf(v: Record<string, CellValue>): string | null {
  if (typeof v.companyInn === 'string') return `i:${v.companyInn}`;
  if (typeof v.companyExternalId === 'string') return `x:${v.companyExternalId}`;
  if (typeof v.companyName === 'string') return `n:${companyNameKey(v.companyName) ?? fold(v.companyName)}`;
  return null;
}

function productKeyOf(v: Record<string, CellValue>): string | null {
  if (typeof v.productExternalId === 'string') return `x:${v.productExternalId}`;
  if (typeof v.sku === 'string') return `s:${v.sku}`;
  if (typeof v.productName === 'string') return `n:${fold(v.productName)}`;
  return null;
}

// Activities rarely carry ids; the content itself identifies a row so a re-import does not duplicate it.
function activityIdOf(v: Record<string, CellValue>): CellValue {
  if (typeof v.externalId === 'string') return v.externalId;
  const parts = [v.type, v.occurredAt, v.employee, v.companyExternalId, v.companyInn, v.companyName, v.contactName, v.summary];
  return `row:${createHash('sha1').update(JSON.stringify(parts)).digest('hex')}`;
}

export const STAGE_COLUMNS: Record<ImportType, Col[]> = {
  companies: [
    col('external_id', 'text', 'externalId'), col('name', 'text', 'name'), col('legal_name', 'text', 'legalName'),
    col('inn', 'text', 'inn'), col('kpp', 'text', 'kpp'), col('phones', 'text[]', 'phone'), col('emails', 'text[]', 'email'),
    col('contact_name', 'text', 'contactName'), col('address', 'text', 'address'), col('website', 'text', 'website'),
    col('status', 'text', 'status'), col('owner_ref', 'text', 'owner'), col('tags', 'text[]', 'tags'),
    col('annual_potential', 'numeric(15,2)', 'annualPotential'),
  ],
  contacts: [
    col('external_id', 'text', 'externalId'), ...companyRefCols, col('name', 'text', 'name'), col('position', 'text', 'position'),
    col('is_decision_maker', 'boolean', 'isDecisionMaker'), col('phones', 'text[]', 'phone'), col('emails', 'text[]', 'email'),
    col('birthday', 'date', 'birthday'),
  ],
  products: [
    col('external_id', 'text', 'externalId'), col('sku', 'text', 'sku'), col('name', 'text', 'name'), col('category', 'text', 'category'),
    col('grp', 'text', 'group'), col('unit', 'text', 'unit'), col('list_price', 'numeric(15,2)', 'listPrice'),
  ],
  orders: [
    { name: 'order_key', type: 'text', value: orderKeyOf },
    col('number', 'text', 'number'), col('ordered_on', 'date', 'date'), col('status', 'text', 'status'),
    { name: 'company_key', type: 'text', value: companyKeyOf },
    ...companyRefCols, col('company_kpp', 'text', 'companyKpp'), col('owner_ref', 'text', 'owner'), col('line_no', 'integer', 'lineNo'),
    { name: 'product_key', type: 'text', value: productKeyOf },
    col('product_external_id', 'text', 'productExternalId'), col('sku', 'text', 'sku'), col('product_name', 'text', 'productName'),
    col('quantity', 'numeric(15,3)', 'quantity'), col('price', 'numeric(15,2)', 'price'), col('cost', 'numeric(15,2)', 'cost'),
  ],
  activities: [
    { name: 'external_id', type: 'text', value: activityIdOf },
    col('type', 'text', 'type'), col('occurred_at', 'timestamptz', 'occurredAt'), col('employee_ref', 'text', 'employee'),
    ...companyRefCols, col('contact_name', 'text', 'contactName'), col('direction', 'text', 'direction'), col('summary', 'text', 'summary'),
  ],
};

// Columns the merge fills in while resolving references (never loaded from the file).
const WORK_COLUMNS: Record<ImportType, string> = {
  companies: 'name_key text, owner_id integer, target_id integer, matched_by text, is_new boolean NOT NULL DEFAULT false, owner_seat boolean NOT NULL DEFAULT false',
  contacts: 'company_id integer, company_matched_by text, target_id integer, is_new boolean NOT NULL DEFAULT false',
  products: 'target_id integer, matched_by text, group_id integer, is_new boolean NOT NULL DEFAULT false',
  orders: 'order_id integer',
  activities: 'employee_id integer, company_id integer, company_matched_by text, contact_id integer, target_id integer, is_new boolean NOT NULL DEFAULT false',
};

export const stageName = (importId: number) => `import_stage_${importId}`;

export async function createStage(db: Kysely<DB>, importId: number, type: ImportType): Promise<string> {
  const table = stageName(importId);
  const cols = STAGE_COLUMNS[type].map((c) => `${c.name} ${c.type}`).join(', ');
  await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  await sql.raw(`CREATE UNLOGGED TABLE ${table} (rec integer NOT NULL, row_no integer NOT NULL, ok boolean NOT NULL, ${cols}, ${WORK_COLUMNS[type]})`).execute(db);
  return table;
}

/** The one index the merge needs, built after the bulk load (faster than maintaining it during COPY). */
export async function indexStage(db: Kysely<DB>, table: string): Promise<void> {
  // Rejections update a few rows by rec; everything else is a hash join over the whole table.
  await sql.raw(`ALTER TABLE ${table} ADD PRIMARY KEY (rec)`).execute(db);
}

export async function dropStage(db: Kysely<DB>, importId: number): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.table(stageName(importId))}`.execute(db);
}

function csvField(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const text = Array.isArray(v) ? `{${v.map((x) => `"${x.replace(/[\\"]/g, '\\$&')}"`).join(',')}}` : v;
  if (!text.includes('"') && !text.includes('\0')) return `"${text}"`;
  return `"${text.replace(/\0/g, '').replace(/"/g, '""')}"`;
}

const ISSUE_COLUMNS = ['import_id', 'kind', 'row_no', 'column_name', 'value', 'message'];

/** Buffers staged rows and their problems, and COPYs each batch into the database. */
export class StageWriter {
  #rows: string[] = [];
  #issues: string[] = [];
  #inFlight: Promise<void> = Promise.resolve();
  #cols: Col[];
  rec = 0;
  /** Rows staged as bad, and the columns that hold a value somewhere: the merge skips checks that cannot fire. */
  bad = 0;
  readonly present = new Set<string>();
  constructor(
    private readonly database: Database,
    private readonly table: string,
    type: ImportType,
    private readonly importId: number,
    private readonly labels: Record<string, string>,
    private readonly batchSize = 5000,
  ) {
    this.#cols = STAGE_COLUMNS[type];
  }

  get pending() {
    return this.#rows.length;
  }

  add(rowNo: number, values: Record<string, CellValue>, issues: RowIssue[]) {
    const ok = issues.length === 0;
    if (!ok) this.bad++;
    let line = `${++this.rec},${rowNo},${ok ? 't' : 'f'}`;
    for (const c of this.#cols) {
      const v = c.value(values);
      if (v !== null && v !== undefined && !this.present.has(c.name)) this.present.add(c.name);
      line += `,${csvField(v)}`;
    }
    this.#rows.push(`${line}\n`);
    for (const i of issues) {
      const label = this.labels[i.field] ?? i.field;
      this.#issues.push(`${this.importId},error,${rowNo},${csvField(label)},${csvField(i.value.slice(0, 1000))},${csvField(i.message)}\n`);
    }
  }

  get full() {
    return this.#rows.length >= this.batchSize;
  }

  /** Sends the buffered batch; waits only for the previous one, so parsing overlaps the database's COPY. */
  async flush() {
    const rows = this.#rows;
    const issues = this.#issues;
    this.#rows = [];
    this.#issues = [];
    await this.#inFlight;
    const sending = this.#send(rows.join(''), issues.join(''));
    // Awaited by the next flush or by finish(); this only keeps a failure from being "unhandled" meanwhile.
    sending.catch(() => undefined);
    this.#inFlight = sending;
  }

  async finish() {
    await this.flush();
    await this.#inFlight;
  }

  async #send(rows: string, issues: string) {
    if (rows) await this.database.copyCsv(this.table, ['rec', 'row_no', 'ok', ...this.#cols.map((c) => c.name)], rows);
    if (issues) await this.database.copyCsv('import_issues', ISSUE_COLUMNS, issues);
  }
}
