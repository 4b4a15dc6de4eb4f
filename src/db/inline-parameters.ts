import type { CompiledQuery } from 'kysely';

// A compiled query as one SQL text with its parameters written in as literals, for a statement that
// runs inside a plpgsql function (EXECUTE of text). Strings are written as escape strings (E'...',
// backslashes and quotes doubled), which read the same whatever standard_conforming_strings says, so
// user input stays a literal even on a server configured the old way; arrays become array literals.
// Anything else is refused rather than guessed.
const quote = (s: string) => `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const arrayElement = (v: unknown) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`);

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return value < 0 ? `(${value})` : String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) {
    return quote(`{${value.map(arrayElement).join(',')}}`);
  }
  throw new Error(`cannot inline a ${typeof value} parameter`);
}

export function inlineParameters(query: CompiledQuery): string {
  return query.sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i >= query.parameters.length) throw new Error(`no parameter $${n}`);
    return literal(query.parameters[i]);
  });
}
