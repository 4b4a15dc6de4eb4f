import fs from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { isExportMarkerRow } from '../../../domain/export-policy.js';

/** One row of a spreadsheet or CSV file: its number as a spreadsheet shows it (header = 1) and its cells. */
export type SourceRow = { rowNo: number; cells: string[] };
/** Rows come in batches: one promise per batch rather than per row keeps a million rows cheap. */
export type Tabular = { headers: string[]; headerRowNo: number; rows: AsyncIterator<SourceRow[]>; bytesRead: () => number; close: () => void };

/** Drains an object-mode stream a buffer at a time (for-await would cost a promise per record). */
async function* readBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown = null;
  stream.once('end', () => (ended = true));
  stream.once('error', (err) => (failure = err));
  for (;;) {
    const batch: T[] = [];
    for (let r = stream.read() as T | null; r !== null; r = stream.read() as T | null) batch.push(r);
    if (batch.length) {
      yield batch;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        for (const e of ['readable', 'end', 'error']) stream.off(e, wake);
        resolve();
      };
      for (const e of ['readable', 'end', 'error']) stream.on(e, wake);
    });
  }
}

async function* csvRows(input: fs.ReadStream, encoding: string, delimiter: string): AsyncGenerator<SourceRow[]> {
  const parser = pipeline(input, iconv.decodeStream(encoding), parse({ delimiter, relax_column_count: true, relax_quotes: true, bom: true }), () => undefined);
  // Every record counts, empty ones too, so the number matches the row a spreadsheet shows.
  let rowNo = 0;
  for await (const records of readBatches<string[]>(parser)) yield records.map((cells) => ({ rowNo: ++rowNo, cells }));
}

async function* xlsxRows(input: fs.ReadStream): AsyncGenerator<SourceRow[]> {
  // Styles are read so that date cells arrive as dates rather than serial numbers.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of workbook) {
    let batch: SourceRow[] = [];
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      batch.push({ rowNo: row.number, cells });
      if (batch.length === 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    return; // the first worksheet only
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An XLSX cell as the text a person typed: dates as ISO, numbers without float noise, rich text joined. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (v instanceof Date) {
    // Excel dates carry no zone; ExcelJS hands them over as UTC wall-clock values.
    const date = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const h = v.getUTCHours(), m = v.getUTCMinutes(), s = v.getUTCSeconds();
    return h || m || s ? `${date}T${pad(h)}:${pad(m)}:${pad(s)}` : date;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
  }
  return '';
}

// The "Exported by ..." lines our exports carry are not data: an exported file imports back cleanly.
async function* withoutMarkers(rows: AsyncGenerator<SourceRow[]>): AsyncGenerator<SourceRow[]> {
  for await (const batch of rows) yield batch.filter((row) => !isExportMarkerRow(row.cells));
}

const isBlank = (row: SourceRow) => row.cells.every((c) => c.trim() === '');

/** Opens a CSV or XLSX file; the first non-empty row is the header. */
export async function openTabular(path: string, options: { format: 'csv' | 'xlsx'; encoding: string; delimiter: string | null }): Promise<Tabular> {
  const input = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  const source = withoutMarkers(options.format === 'csv' ? csvRows(input, options.encoding, options.delimiter ?? ',') : xlsxRows(input));
  const close = () => {
    input.destroy();
    void source.return(undefined);
  };
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) return { headers: [], headerRowNo: 0, rows: source, bytesRead: () => input.bytesRead, close };
      const at = next.value.findIndex((row) => !isBlank(row));
      if (at < 0) continue;
      const header = next.value[at]!;
      // The rest of the header's batch is the first batch of data.
      const rest = next.value.slice(at + 1);
      async function* rows(): AsyncGenerator<SourceRow[]> {
        if (rest.length) yield rest;
        yield* source;
      }
      return { headers: header.cells.map((c) => c.trim()), headerRowNo: header.rowNo, rows: rows(), bytesRead: () => input.bytesRead, close };
    }
  } catch (err) {
    close();
    throw err;
  }
}
