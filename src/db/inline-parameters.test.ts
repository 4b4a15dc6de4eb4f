import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { executeArguments, literal } from './inline-parameters.js';
import type { DB } from './schema.js';

// What hf_search_run does with a stage: PREPARE its text once, then EXECUTE it with the arguments as literals.
async function prepareAndExecute<R>(db: Kysely<DB>, q: CompiledQuery<R>): Promise<R[]> {
  await sql.raw(`prepare literal_check as ${q.sql}`).execute(db);
  try {
    return (await sql.raw<R>(`execute literal_check${executeArguments(q)}`).execute(db)).rows;
  } finally {
    await sql.raw('deallocate literal_check').execute(db);
  }
}

describe('executeArguments', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.cleanup());

  // Whatever a user types comes back from the database as the same value, never as SQL.
  const nasty = ["o'reilly", "'; drop table companies; --", 'back\\slash \\\' end', '$1 $2 дом', '"quoted" {brace},comma', ''];

  it('writes strings, numbers, booleans, nulls and text arrays as literals the database reads back unchanged', async () => {
    for (const s of nasty) {
      const q = sql<{ v: string }>`select ${s}::text as v`.compile(ctx.db);
      const rows = await ctx.db.connection().execute((conn) => prepareAndExecute(conn, q));
      expect(rows[0]!.v).toBe(s);
    }
    const q = sql<{ a: string[]; n: number; f: number; b: boolean; z: null }>`select ${nasty}::text[] as a, ${-3}::int as n, ${0.25}::float8 as f, ${true}::boolean as b, ${null}::text as z`.compile(ctx.db);
    const rows = await ctx.db.connection().execute((conn) => prepareAndExecute(conn, q));
    expect(rows[0]).toEqual({ a: nasty, n: -3, f: 0.25, b: true, z: null });
  });

  it('keeps user input a literal even with standard_conforming_strings off, where backslash escapes a quote', async () => {
    const breakout = ["\\'; select 1/0; --", "\\' || current_user || '", ...nasty];
    for (const s of breakout) {
      const got = await ctx.db.transaction().execute(async (trx) => {
        await sql`set local standard_conforming_strings = off`.execute(trx);
        const q = sql<{ v: string; a: string[] }>`select ${s}::text as v, ${[s, 'x']}::text[] as a`.compile(trx);
        return (await prepareAndExecute(trx, q))[0];
      });
      expect(got).toEqual({ v: s, a: [s, 'x'] });
    }
  });

  it('writes no argument list for a query without parameters', async () => {
    const q = sql<{ one: number }>`select 1 as one`.compile(ctx.db);
    expect(executeArguments(q)).toBe('');
    expect(await ctx.db.connection().execute((conn) => prepareAndExecute(conn, q))).toEqual([{ one: 1 }]);
  });

  it('refuses what it cannot write as a literal', () => {
    expect(() => literal({ a: 1 })).toThrow();
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal(new Date())).toThrow();
  });
});
