import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../../app-context.js';
import type { Actor } from '../../../domain/actor.js';
import { FIELDS, type ImportType } from '../../../domain/import/fields.js';
import { maskEmail, maskPhone } from '../../../domain/masking.js';
import type { ExportMarker } from '../../../domain/export-policy.js';
import { authoriseExport, recordExport } from '../../export-control/export-control.service.js';
import { countExportRows, type ExportRow, exportRows } from './export.repository.js';

// Exports write the same columns, under the same headers, that the importer recognises, so an
// exported file can be edited in Excel and imported back.
type Kind = 'text' | 'number' | 'date' | 'datetime' | 'bool' | 'list';
type Lang = 'ru' | 'en';

const COLUMNS: Record<ImportType, [string, Kind][]> = {
  companies: [
    ['externalId', 'text'], ['name', 'text'], ['legalName', 'text'], ['inn', 'text'], ['kpp', 'text'], ['status', 'text'],
    ['owner', 'text'], ['tags', 'list'], ['annualPotential', 'number'], ['address', 'text'], ['website', 'text'],
  ],
  contacts: [
    ['externalId', 'text'], ['companyExternalId', 'text'], ['companyInn', 'text'], ['companyName', 'text'], ['name', 'text'],
    ['position', 'text'], ['isDecisionMaker', 'bool'], ['phone', 'list'], ['email', 'list'], ['birthday', 'date'],
  ],
  products: [['externalId', 'text'], ['sku', 'text'], ['name', 'text'], ['category', 'text'], ['group', 'text'], ['unit', 'text'], ['listPrice', 'number']],
  orders: [
    ['orderExternalId', 'text'], ['number', 'text'], ['date', 'date'], ['status', 'text'], ['companyExternalId', 'text'], ['companyInn', 'text'],
    ['companyName', 'text'], ['owner', 'text'], ['lineNo', 'text'], ['productExternalId', 'text'], ['sku', 'text'], ['productName', 'text'],
    ['quantity', 'number'], ['price', 'number'], ['amount', 'number'], ['cost', 'number'],
  ],
  activities: [
    ['externalId', 'text'], ['type', 'text'], ['occurredAt', 'datetime'], ['employee', 'text'], ['companyExternalId', 'text'],
    ['companyInn', 'text'], ['companyName', 'text'], ['contactName', 'text'], ['direction', 'text'], ['summary', 'text'],
  ],
};

function headers(entity: ImportType, lang: Lang): string[] {
  return COLUMNS[entity].map(([key]) => FIELDS[entity].find((f) => f.key === key)!.label[lang]);
}

const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('.');

function textOf(v: ExportRow[string], kind: Kind, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.join(', ');
  if (kind === 'bool') return v ? (lang === 'ru' ? 'да' : 'yes') : lang === 'ru' ? 'нет' : 'no';
  if (kind === 'number' && lang === 'ru') return String(v).replace('.', ',');
  if (kind === 'date' && lang === 'ru') return ddmmyyyy(String(v));
  return String(v);
}

const csvCell = (s: string, delimiter: string) => (s.includes(delimiter) || /["\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function* csvChunks(rows: AsyncIterable<ExportRow[]>, entity: ImportType, lang: Lang, marker: ExportMarker | null): AsyncGenerator<string> {
  // Russian Excel reads ";" and decimal commas; the BOM makes it read UTF-8.
  const d = lang === 'ru' ? ';' : ',';
  const cols = COLUMNS[entity];
  // Who exported it, first and last: a leaked file names its source (the importer skips both lines).
  yield `\uFEFF${marker ? `# ${marker.text}\r\n` : ''}${headers(entity, lang).map((h) => csvCell(h, d)).join(d)}\r\n`;
  for await (const batch of rows) {
    yield batch.map((r) => cols.map(([key, kind]) => csvCell(textOf(r[key] ?? null, kind, lang), d)).join(d) + '\r\n').join('');
  }
  if (marker) yield `${csvCell(marker.text, d)}\r\n`;
}

function xlsxCell(v: ExportRow[string], kind: Kind, lang: Lang): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (kind === 'number') return Number(v);
  if (kind === 'date') return new Date(`${String(v)}T00:00:00Z`);
  return textOf(v, kind, lang);
}

async function writeXlsx(out: PassThrough, rows: AsyncIterable<ExportRow[]>, entity: ImportType, lang: Lang, marker: ExportMarker | null) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  if (marker) Object.assign(workbook, { creator: `${marker.name} <${marker.email}>`, description: marker.text, keywords: `holdfast-export ref:${marker.ref}` });
  const sheet = workbook.addWorksheet(entity);
  const cols = COLUMNS[entity];
  sheet.columns = headers(entity, lang).map((header, i) => ({
    header,
    width: Math.max(12, header.length + 2),
    style: cols[i]![1] === 'date' ? { numFmt: 'dd.mm.yyyy' } : cols[i]![1] === 'number' ? { numFmt: '0.00#' } : {},
  }));
  for await (const batch of rows) {
    for (const r of batch) sheet.addRow(cols.map(([key, kind]) => xlsxCell(r[key] ?? null, kind, lang))).commit();
  }
  if (marker) sheet.addRow([marker.text]).commit();
  sheet.commit();
  await workbook.commit();
}

export type ExportFile = { fileName: string; contentType: string; rowCount: number; body: Readable };

// Phones and emails leave the system only as the role may see them.
function masking(actor: Actor | null): ((rows: ExportRow[]) => ExportRow[]) | null {
  if (!actor || (!actor.policy.maskPhones && !actor.policy.maskEmails)) return null;
  const { maskPhones, maskEmails } = actor.policy;
  return (rows) =>
    rows.map((r) => ({
      ...r,
      phone: maskPhones && Array.isArray(r.phone) ? r.phone.map(maskPhone) : (r.phone ?? null),
      email: maskEmails && Array.isArray(r.email) ? r.email.map(maskEmail) : (r.email ?? null),
    }));
}

async function* masked(rows: AsyncIterable<ExportRow[]>, mask: ((rows: ExportRow[]) => ExportRow[]) | null) {
  for await (const batch of rows) yield mask ? mask(batch) : batch;
}

/**
 * Streams an entity as CSV or XLSX. The rows are counted first so the role's export limits apply
 * before anything leaves, and the export is written to the audit trail (mass exports before a
 * resignation are a known pattern; the departure signals read these entries).
 */
export async function exportEntity(ctx: AppContext, actor: Actor | null, options: { entity: ImportType; format: 'csv' | 'xlsx'; lang: Lang }): Promise<ExportFile> {
  const { entity, format, lang } = options;
  const rowCount = await countExportRows(ctx.db, { entity, actor });
  // Permission, row limit and approval (export-control); the CLI runs with no actor and no limits.
  const auth = actor ? await authoriseExport(ctx, actor, { entity, rowCount, format }) : null;
  await recordExport(ctx.db, actor, { entity, format, rowCount, marker: auth?.marker ?? null, requestId: auth?.requestId ?? null });
  const rows = masked(exportRows(ctx.db, { entity, actor }), entity === 'contacts' ? masking(actor) : null);
  if (format === 'csv') {
    return { fileName: `${entity}.csv`, contentType: 'text/csv; charset=utf-8', rowCount, body: Readable.from(csvChunks(rows, entity, lang, auth?.marker ?? null)) };
  }
  const out = new PassThrough();
  writeXlsx(out, rows, entity, lang, auth?.marker ?? null).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { fileName: `${entity}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rowCount, body: out };
}
