import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { executePrepared, PREPARED_MARK } from './database.js';

describe('prepared statements', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.cleanup());

  it('answers with the current parameters every time (a prepared statement keeps its plan, never its rows)', async () => {
    const [employee] = await ctx.db.insertInto('employees').values({ name: 'Подготовленный', email: 'prep@holdfast.test', role: 'hunter' }).returning('id').execute();
    const byId = (id: number) => ctx.db.selectFrom('employees').select(['id', 'name']).where('id', '=', id);
    for (let i = 0; i < 7; i++) expect(await executePrepared(ctx.db, byId(employee!.id))).toEqual([{ id: employee!.id, name: 'Подготовленный' }]);
    await ctx.db.updateTable('employees').set({ name: 'Переименованный' }).where('id', '=', employee!.id).execute();
    expect(await executePrepared(ctx.db, byId(employee!.id))).toEqual([{ id: employee!.id, name: 'Переименованный' }]);
    expect(await executePrepared(ctx.db, byId(-1))).toEqual([]);
  });

  it('prepares a marked statement once per PostgreSQL connection and leaves unmarked ones alone', async () => {
    if (ctx.database.kind !== 'postgres') return;
    const names = await ctx.db.transaction().execute(async (trx) => {
      await sql`${sql.raw(PREPARED_MARK)}select ${1}::int as one`.execute(trx);
      await sql`${sql.raw(PREPARED_MARK)}select ${2}::int as one`.execute(trx);
      await sql`select ${3}::int as unmarked`.execute(trx);
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
      return rows.map((r) => r.statement);
    });
    expect(names.filter((s) => s.includes('as one'))).toEqual([`${PREPARED_MARK}select $1::int as one`]);
    expect(names.some((s) => s.includes('unmarked'))).toBe(false);
  });
});
