import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { describeTable, refillTable, replaceTable } from './bulk-load.js';
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

describe('replaceTable', () => {
  let ctx: TestContext;
  const rows = async () => (await sql<{ id: number; v: string }>`SELECT id, v FROM swap_probe ORDER BY id`.execute(ctx.db)).rows;
  // a stage as a CREATE TABLE AS makes it: the columns and their types, nothing else
  const stage = (db: Kysely<DB>, values: string) =>
    sql`CREATE TABLE swap_stage AS SELECT id::int AS id, v::text AS v, w::numeric(15,2) AS w, d::int AS d FROM (VALUES ${sql.raw(values)}) AS x (id, v, w, d)`.execute(db);
  const attempt = (build: (db: Kysely<DB>) => Promise<unknown>) =>
    ctx.db.transaction().execute(async (trx) => {
      await build(trx);
      await replaceTable(trx, 'swap_probe', 'swap_stage');
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    await sql`CREATE TABLE swap_probe (id int PRIMARY KEY, v text NOT NULL CHECK (v <> ''), w numeric(15,2) UNIQUE, d int NOT NULL DEFAULT 7) WITH (fillfactor = 90)`.execute(ctx.db);
    await sql`CREATE INDEX swap_probe_v_idx ON swap_probe (lower(v), id DESC) WHERE v <> 'x'`.execute(ctx.db);
    await sql`GRANT SELECT ON swap_probe TO PUBLIC`.execute(ctx.db);
    await sql`INSERT INTO swap_probe (id, v, w) VALUES (1, 'old', 1.5)`.execute(ctx.db);
  });
  afterAll(() => ctx.cleanup());

  it("puts the stage in the table's place with the same columns, defaults, keys, checks, indexes, options and grants", async () => {
    const before = await describeTable(ctx.db, 'swap_probe');
    expect(before.constraints.map((k) => k.type).sort()).toEqual(['c', 'p', 'u']);
    expect(before.indexes).toHaveLength(1);
    expect(before.grants).toEqual([{ grantee: 'PUBLIC', privilege: 'SELECT', grantable: false }]);
    await attempt((db) => stage(db, `(3, 'c', 3.25, 1), (2, 'B', NULL, 2)`));
    expect(await rows()).toEqual([{ id: 2, v: 'B' }, { id: 3, v: 'c' }]);
    expect(await describeTable(ctx.db, 'swap_probe')).toEqual(before);
    expect((await sql`SELECT 1 FROM pg_class WHERE relname = 'swap_stage'`.execute(ctx.db)).rows).toHaveLength(0);
    // the rebuilt index and the default work on the new table
    await sql`INSERT INTO swap_probe (id, v) VALUES (4, 'D')`.execute(ctx.db);
    const { rows: found } = await sql<{ id: number; d: number }>`SELECT id, d FROM swap_probe WHERE lower(v) = 'd'`.execute(ctx.db);
    expect(found).toEqual([{ id: 4, d: 7 }]);
  });

  it("checks the stage with the table's constraints and loses nothing when one fails", async () => {
    const before = await rows();
    const shape = await describeTable(ctx.db, 'swap_probe');
    const failures: [string, RegExp][] = [
      [`(5, 'a', 1, 1), (5, 'b', 2, 1)`, /unique index "swap_probe_pkey"/],
      [`(5, 'a', 1, 1), (6, 'b', 1, 1)`, /unique index "swap_probe_w_key"/],
      [`(5, '', 1, 1)`, /check constraint "swap_probe_v_check"/],
      [`(5, NULL, 1, 1)`, /column "v" .*contains null values/],
    ];
    for (const [values, message] of failures) {
      await expect(attempt((db) => stage(db, values))).rejects.toThrow(message);
      expect(await rows()).toEqual(before);
      expect(await describeTable(ctx.db, 'swap_probe')).toEqual(shape);
    }
  });

  it('refuses a stage whose columns or storage differ, before changing anything', async () => {
    const before = await rows();
    const wrong: [string, RegExp][] = [
      [`CREATE TABLE swap_stage AS SELECT 1::int AS id, 'a'::text AS v, 1::numeric AS w, 1::int AS d`, /column 3 is w numeric where swap_probe has w numeric\(15,2\)/],
      [`CREATE TABLE swap_stage AS SELECT 1::int AS id, 'a'::text AS v, 1::int AS d, 1::numeric(15,2) AS w`, /column 3 is d integer where swap_probe has w numeric\(15,2\)/],
      [`CREATE TABLE swap_stage AS SELECT 1::int AS id, 'a'::text AS v, 1::numeric(15,2) AS w`, /column 4 is missing where swap_probe has d integer/],
      [`CREATE UNLOGGED TABLE swap_stage AS SELECT 1::int AS id, 'a'::text AS v, 1::numeric(15,2) AS w, 1::int AS d`, /one is unlogged/],
    ];
    for (const [create, message] of wrong) {
      await expect(attempt((db) => sql.raw(create).execute(db))).rejects.toThrow(message);
      expect(await rows()).toEqual(before);
    }
  });
});
