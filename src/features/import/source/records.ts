import type { ImportType } from '../../../domain/import/fields.js';
import type { CellReader } from '../../../domain/import/validate-row.js';
import type { FileFormat } from './sniff.js';

/** One record to validate: its row number for the report and its cells by field. */
export type ImportRecord = {
  rowNo: number;
  get: CellReader;
  /** Set by a reader that already knows the record cannot be imported (e.g. an XML document that is not an order). */
  rejected?: { field: string; message: string };
};

/** Any readable file, reduced to records of one import type. */
export type RecordSource = {
  format: FileFormat;
  type: ImportType;
  encoding: string | null;
  delimiter: string | null;
  /** What the report calls each field: the file's own header, or the XML element path. */
  labels: Record<string, string>;
  /** In batches (one promise per batch, not per record). */
  records: AsyncIterable<ImportRecord[]>;
  bytesRead: () => number;
  totalBytes: number;
  close: () => void;
};
