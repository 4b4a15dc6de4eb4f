import type { CompiledQuery } from 'kysely';

// A compiled query's parameters written as literals: the argument list of an SQL EXECUTE of the
// prepared query, built into a statement a plpgsql function runs (EXECUTE of text). Strings are written as escape strings (E'...',
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

/** The argument list of `EXECUTE name(...)` for a prepared compiled query: "(lit1, lit2)", or "" without parameters. */
export function executeArguments(query: CompiledQuery): string {
  return query.parameters.length ? `(${query.parameters.map(literal).join(', ')})` : '';
}
