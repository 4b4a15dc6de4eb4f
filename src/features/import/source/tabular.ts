import fs from 'node:fs';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { isExportMarkerRow } from '../../../domain/export-policy.js';

/** One row of a spreadsheet or CSV file: its number as a spreadsheet shows it (header = 1) and its cells. */
export type SourceRow = { rowNo: number; cells: string[] };
export type Tabular = { headers: string[]; headerRowNo: number; rows: AsyncIterator<SourceRow>; bytesRead: () => number; close: () => void };

async function* csvRows(input: fs.ReadStream, encoding: string, delimiter: string): AsyncGenerator<SourceRow> {
  const parser = input.pipe(iconv.decodeStream(encoding)).pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, bom: true }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) {
    // Empty lines still count, so the number matches the row a spreadsheet shows.
    yield { rowNo: info.records + info.empty_lines, cells: record };
  }
}

async function* xlsxRows(input: fs.ReadStream): AsyncGenerator<SourceRow> {
  // Styles are read so that date cells arrive as dates rather than serial numbers.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { rowNo: row.number, cells };
    }
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
async function* withoutMarkers(rows: AsyncGenerator<SourceRow>): AsyncGenerator<SourceRow> {
  for await (const row of rows) if (!isExportMarkerRow(row.cells)) yield row;
}

/** Opens a CSV or XLSX file; the first non-empty row is the header. */
export async function openTabular(path: string, options: { format: 'csv' | 'xlsx'; encoding: string; delimiter: string | null }): Promise<Tabular> {
  const input = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  const rows = withoutMarkers(options.format === 'csv' ? csvRows(input, options.encoding, options.delimiter ?? ',') : xlsxRows(input));
  const close = () => {
    input.destroy();
    void rows.return(undefined);
  };
  try {
    for (;;) {
      const first = await rows.next();
      if (first.done) return { headers: [], headerRowNo: 0, rows, bytesRead: () => input.bytesRead, close };
      if (first.value.cells.some((c) => c.trim() !== '')) {
        return { headers: first.value.cells.map((c) => c.trim()), headerRowNo: first.value.rowNo, rows, bytesRead: () => input.bytesRead, close };
      }
    }
  } catch (err) {
    close();
    throw err;
  }
}
