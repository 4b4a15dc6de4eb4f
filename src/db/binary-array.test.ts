import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { dateArray, float8Array, int4Array, int8Array } from './binary-array.js';

describe('binary arrays', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.cleanup());

  // each element read back as text, so that no parser of ours stands between the bytes and the check
  const asText = async (value: unknown, type: string) =>
    (await sql<{ t: (string | null)[] }>`SELECT array_agg(e::text ORDER BY n) AS t FROM unnest(${value}::${sql.raw(type)}) WITH ORDINALITY AS u (e, n)`.execute(ctx.db)).rows[0]?.t;

  it('sends whole numbers of both widths, signs and limits included', async () => {
    expect(await asText(int4Array(Int32Array.from([0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 123_456])), 'int4[]')).toEqual(['0', '1', '-1', '2147483647', '-2147483648', '123456']);
    const big = [0, 1, -1, 2 ** 32, 2 ** 32 - 1, -(2 ** 32), -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 12_345_678_901];
    expect(await asText(int8Array(Float64Array.from(big)), 'int8[]')).toEqual(big.map(String));
  });

  it('sends every double as its bits and NaN as NULL', async () => {
    const values = [0.1, -2.5e-300, 1e300, 1 / 3, 0];
    const { rows } = await sql<{ same: boolean[]; nulls: number }>`
      SELECT array_agg(e = w ORDER BY n) AS same, count(*) FILTER (WHERE e IS NULL)::int AS nulls
      FROM unnest(${float8Array(Float64Array.from([...values, NaN]))}::float8[], ${values.map(String).concat('NaN')}::float8[]) WITH ORDINALITY AS u (e, w, n)`.execute(ctx.db);
    expect(rows[0]).toEqual({ same: [...values.map(() => true), null], nulls: 1 });
    expect(await asText(float8Array(new Float64Array(0)), 'float8[]')).toBeNull();
  });

  it('sends dates as days since 1970 and a prefix of the values', async () => {
    const days = [0, 10_957, 20_000, -1];
    expect(await asText(dateArray(Int32Array.from(days)), 'date[]')).toEqual(['1970-01-01', '2000-01-01', '2024-10-04', '1969-12-31']);
    expect(await asText(int4Array(Int32Array.from([4, 5, 6]), 2), 'int4[]')).toEqual(['4', '5']);
  });

  it('refuses values the type cannot hold, and the server refuses another element type', async () => {
    expect(() => int4Array([2 ** 31])).toThrow(RangeError);
    expect(() => int4Array([1.5])).toThrow(RangeError);
    expect(() => int8Array([2 ** 53])).toThrow(RangeError);
    expect(() => int8Array([NaN])).toThrow(RangeError);
    await expect(asText(int4Array([1]), 'int8[]')).rejects.toThrow(/element type/);
  });
});
