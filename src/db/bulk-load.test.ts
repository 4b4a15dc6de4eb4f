import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { refillTable } from './bulk-load.js';
import type { DB } from './schema.js';

describe('refillTable', () => {
  let ctx: TestContext;
  const indexes = async () =>
    (await sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'bulk_probe' ORDER BY indexname`.execute(ctx.db)).rows.map((r) => r.def);
  const constraints = async () =>
    (await sql<{ c: string }>`SELECT conname || ' ' || contype::text AS c FROM pg_constraint WHERE conrelid = 'bulk_probe'::regclass AND contype IN ('p', 'u') ORDER BY 1`.execute(ctx.db)).rows.map((r) => r.c);
  const rows = async () => (await sql<{ id: number; v: string }>`SELECT id, v FROM bulk_probe ORDER BY id`.execute(ctx.db)).rows;
  const fill = (db: Kysely<DB>, values: [number, string][]) =>
    sql`INSERT INTO bulk_probe (id, v, w) SELECT * FROM unnest(${values.map((x) => x[0])}::int[], ${values.map((x) => x[1])}::text[], ${values.map((x) => x[0] * 10)}::int[])`.execute(db);

  beforeAll(async () => {
    ctx = await createTestContext();
    await sql`CREATE TABLE bulk_probe (id int PRIMARY KEY, v text NOT NULL, w int UNIQUE)`.execute(ctx.db);
    await sql`CREATE INDEX bulk_probe_v_idx ON bulk_probe (v) WHERE v <> ''`.execute(ctx.db);
    await sql`CREATE INDEX bulk_probe_lower_idx ON bulk_probe (lower(v), id DESC)`.execute(ctx.db);
    await fill(ctx.db, [[1, 'old']]);
  });
  afterAll(() => ctx.cleanup());

  it('replaces every row and leaves the same indexes, which the new rows are in', async () => {
    const before = await indexes();
    expect(before).toHaveLength(4);
    await ctx.db.transaction().execute((trx) => refillTable(trx, 'bulk_probe', () => fill(trx, [[2, 'b'], [3, 'c']])));
    expect(await rows()).toEqual([{ id: 2, v: 'b' }, { id: 3, v: 'c' }]);
    expect(await indexes()).toEqual(before);
    expect(await constraints()).toEqual(['bulk_probe_pkey p', 'bulk_probe_w_key u']);
    // the rebuilt partial index answers for the new rows
    const { rows: found } = await sql<{ id: number }>`SELECT id FROM bulk_probe WHERE lower(v) = 'c'`.execute(ctx.db);
    expect(found).toEqual([{ id: 3 }]);
  });

  it('rebuilds the primary key and unique constraints, which check the fill, and loses nothing when it fails', async () => {
    const before = await indexes();
    const failed = ctx.db.transaction().execute((trx) => refillTable(trx, 'bulk_probe', () => fill(trx, [[5, 'x'], [5, 'y']])));
    await expect(failed).rejects.toMatchObject({ message: expect.stringMatching(/unique index "bulk_probe_pkey"/), detail: expect.stringMatching(/\(id\)=\(5\) is duplicated/) });
    // w = id * 10 - a fill whose unique w repeats while its ids do not
    const sameW = ctx.db.transaction().execute((trx) =>
      refillTable(trx, 'bulk_probe', () => sql`INSERT INTO bulk_probe (id, v, w) VALUES (7, 'p', 1), (8, 'q', 1)`.execute(trx)),
    );
    await expect(sameW).rejects.toMatchObject({ message: expect.stringMatching(/unique index "bulk_probe_w_key"/), detail: expect.stringMatching(/\(w\)=\(1\) is duplicated/) });
    expect(await rows()).toEqual([{ id: 2, v: 'b' }, { id: 3, v: 'c' }]);
    expect(await indexes()).toEqual(before);
    expect(await constraints()).toEqual(['bulk_probe_pkey p', 'bulk_probe_w_key u']);
  });
});
