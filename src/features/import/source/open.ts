import { DomainError } from '../../../domain/errors.js';
import { fieldDefs, type ImportType } from '../../../domain/import/fields.js';
import { type MappingSpec, resolveMapping } from '../../../domain/import/header-mapping.js';
import { openCommerceMl } from '../commerceml/commerceml.js';
import type { ImportRecord, RecordSource } from './records.js';
import { type FileFormat, sniffFile } from './sniff.js';
import { openTabular } from './tabular.js';

export type SourceOptions = {
  type: ImportType;
  columns?: MappingSpec | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  priceType?: string | undefined;
};

function mappingError(problems: { field: string; message: string }[]): DomainError {
  const details = problems.map((p) => ({ field: `mapping.${p.field}`, message: p.message }));
  return new DomainError('validation', `The columns cannot be read: ${problems.map((p) => p.message).join('; ')}`, details);
}

async function sniff(path: string, options: SourceOptions) {
  try {
    return await sniffFile(path, options);
  } catch (err) {
    throw new DomainError('validation', err instanceof Error ? err.message : String(err), [{ field: 'encoding', message: String(err) }]);
  }
}

/** Opens any supported file as a stream of records; a file whose columns cannot be mapped is a 400. */
export async function openSource(path: string, options: SourceOptions): Promise<RecordSource> {
  const sniffed = await sniff(path, options);
  if (sniffed.format === 'commerceml') return openCommerceMl(path, options.type, sniffed, options);
  const table = await openTabular(path, { format: sniffed.format, encoding: sniffed.encoding, delimiter: sniffed.delimiter });
  const mapping = resolveMapping(options.type, table.headers, options.columns);
  if (table.headers.length === 0) {
    table.close();
    throw new DomainError('validation', 'The file is empty: it needs a header row and data rows', [{ field: 'file', message: 'is empty' }]);
  }
  if (mapping.problems.length) {
    table.close();
    throw mappingError(mapping.problems);
  }
  const { columns } = mapping;
  // Unmapped fields are still named in the report (e.g. "no company given"), by their Russian label.
  const labels = Object.fromEntries(fieldDefs(options.type).map((d) => [d.key, columns[d.key] === undefined ? d.label.ru : (table.headers[columns[d.key]!] ?? d.label.ru)]));
  async function* records(): AsyncGenerator<ImportRecord[]> {
    for (;;) {
      const next = await table.rows.next();
      if (next.done) return;
      const batch: ImportRecord[] = [];
      for (const { rowNo, cells } of next.value) {
        if (cells.every((c) => c.trim() === '')) continue;
        batch.push({
          rowNo,
          get: (field) => {
            const i = columns[field];
            const v = i === undefined ? undefined : cells[i]?.trim();
            return v === '' ? undefined : v;
          },
        });
      }
      if (batch.length) yield batch;
    }
  }
  return {
    format: sniffed.format,
    type: options.type,
    encoding: sniffed.format === 'csv' ? sniffed.encoding : null,
    delimiter: sniffed.delimiter,
    labels,
    records: records(),
    bytesRead: table.bytesRead,
    totalBytes: sniffed.totalBytes,
    close: table.close,
  };
}

export type FilePreview = {
  format: FileFormat;
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  /** field -> 1-based column number in `headers`, or null when unmapped. */
  mapping: Record<string, number | null>;
  problems: { field: string; message: string }[];
  rows: { rowNo: number; cells: string[] }[];
  fields: { key: string; label: string; labelRu: string; required: boolean }[];
};

/** What the upload screen shows: the detected format, the suggested mapping and the first rows. */
export async function previewFile(path: string, options: SourceOptions, limit = 20): Promise<FilePreview> {
  const sniffed = await sniff(path, options);
  const fields = fieldDefs(options.type).map((d) => ({ key: d.key, label: d.label.en, labelRu: d.label.ru, required: Boolean(d.required) }));
  if (sniffed.format === 'commerceml') {
    // CommerceML has a fixed structure: no mapping to choose, the first records are the preview.
    const source = await openCommerceMl(path, options.type, sniffed, options);
    const keys = Object.keys(source.labels);
    const rows: FilePreview['rows'] = [];
    try {
      for await (const batch of source.records) {
        for (const r of batch.slice(0, limit - rows.length)) rows.push({ rowNo: r.rowNo, cells: keys.map((k) => r.get(k) ?? '') });
        if (rows.length >= limit) break;
      }
    } finally {
      source.close();
    }
    return { format: 'commerceml', encoding: sniffed.encoding, delimiter: null, headers: keys.map((k) => source.labels[k]!), mapping: Object.fromEntries(keys.map((k, i) => [k, i + 1])), problems: [], rows, fields };
  }
  const table = await openTabular(path, { format: sniffed.format, encoding: sniffed.encoding, delimiter: sniffed.delimiter });
  try {
    const resolved = resolveMapping(options.type, table.headers, options.columns);
    const rows: FilePreview['rows'] = [];
    while (rows.length < limit) {
      const next = await table.rows.next();
      if (next.done) break;
      rows.push(...next.value.slice(0, limit - rows.length));
    }
    const mapping = Object.fromEntries(fields.map((f) => [f.key, resolved.columns[f.key] === undefined ? null : resolved.columns[f.key]! + 1]));
    return { format: sniffed.format, encoding: sniffed.format === 'csv' ? sniffed.encoding : null, delimiter: sniffed.delimiter, headers: table.headers, mapping, problems: resolved.problems, rows, fields };
  } finally {
    table.close();
  }
}
