import type { PGlite, Results } from '@electric-sql/pglite';

// Kysely 0.28 has no PGlite dialect (0.29 has one but declares Node 22), so we hand PGlite to
// Kysely's own PostgresDialect behind the tiny slice of the `pg.Pool` interface it uses.
// PGlite is a single connection: a FIFO lock gives each checkout (and so each transaction) the
// connection to itself, the same guarantee a pooled `pg` client gives.

type QueryResult = { command: string; rowCount: number; rows: unknown[] };

const WRITE_COMMAND = /^\s*(insert|update|delete|merge)\b/i;

function toPgResult(sqlText: string, result: Results | undefined): QueryResult {
  const command = WRITE_COMMAND.exec(sqlText)?.[1]?.toUpperCase() ?? 'SELECT';
  return { command, rowCount: result?.affectedRows ?? 0, rows: result?.rows ?? [] };
}

export class PGlitePool {
  #tail: Promise<void> = Promise.resolve();
  constructor(private readonly pglite: PGlite) {}

  async connect() {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const pglite = this.pglite;
    return {
      async query(sqlText: string, params: unknown[] = []): Promise<QueryResult> {
        // No parameters: the simple protocol, which also accepts several statements (migrations).
        if (params.length === 0) {
          const results = await pglite.exec(sqlText);
          return toPgResult(sqlText, results[results.length - 1]);
        }
        return toPgResult(sqlText, await pglite.query(sqlText, params));
      },
      release,
    };
  }

  async end() {
    await this.#tail;
    await this.pglite.close();
  }
}
