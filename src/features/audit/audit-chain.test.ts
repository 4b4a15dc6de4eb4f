import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.js';
import { makeEmployee } from '../../../test/factories.js';
import { AUDIT_LOCK_KEY } from './audit.repository.js';
import { appendAuditMany } from '../handover/handover-audit.js';
import { appendAudit, verifyChain } from './audit.service.js';

describe('audit chain', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.cleanup());

  it('links each entry to the previous one and verifies clean', async () => {
    const e = await makeEmployee(ctx.db);
    await appendAudit(ctx.db, { actorId: e.id, action: 'test.one', details: { b: 2, a: [1, 'x', { z: true, y: null }] } });
    await ctx.db.transaction().execute((trx) => appendAudit(trx, { actorId: null, action: 'test.two', entity: 'company', entityId: 7 }));
    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[1]!.entity_id).toBe('7');
    expect(await verifyChain(ctx.db)).toMatchObject({ ok: true, checked: 2, firstBroken: null });
  });

  it('takes the same lock in SQL (hf_audit_append) as in TypeScript (lockChain), or appends from both could fork the chain', async () => {
    const { rows } = await sql<{ def: string }>`select pg_get_functiondef('hf_audit_append'::regproc) as def`.execute(ctx.db);
    expect(rows[0]!.def).toContain(`pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  });

  it('rolls back with the transaction it was written in', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actorId: null, action: 'test.rolled_back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'test.rolled_back').execute()).toHaveLength(0);
  });

  it('does not fork under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => appendAudit(ctx.db, { actorId: null, action: 'test.concurrent', details: { i } })));
    const res = await verifyChain(ctx.db, { batchSize: 5 });
    expect(res).toMatchObject({ ok: true, checked: 14 });
  });

  it('appends a batch of several chunks in chain order, or nothing when a later chunk fails', async () => {
    const before = Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(ctx.db)).rows[0]!.n);
    const batch = (n: number, bad?: number) =>
      Array.from({ length: n }, (_, i) => ({ actorId: null, action: i === bad ? 'x'.repeat(101) : 'test.batch', companyId: null, entity: 'task', entityId: i, details: { i } }));
    // 25,001 entries: three chunks, the next one serialised while the database inserts the one before.
    await ctx.db.transaction().execute((trx) => appendAuditMany(trx, batch(25_001)));
    const rows = await ctx.db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'test.batch').orderBy('id').execute();
    expect(rows.map((r) => Number(r.entity_id))).toEqual(Array.from({ length: 25_001 }, (_, i) => i));
    expect(await verifyChain(ctx.db)).toMatchObject({ ok: true, checked: before + 25_001 });
    // An entry the table refuses (action over 100 characters) in the third chunk: the whole batch rolls back.
    await expect(ctx.db.transaction().execute((trx) => appendAuditMany(trx, batch(25_001, 22_000)))).rejects.toThrow(/audit_log_action_check/);
    expect(await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'test.batch').execute()).toHaveLength(25_001);
    expect(await verifyChain(ctx.db)).toMatchObject({ ok: true, checked: before + 25_001 });
  });

  it('detects an edited entry, and is clean again once the original is restored', async () => {
    const target = await ctx.db.selectFrom('audit_log').select(['id', 'details']).orderBy('id').offset(3).limit(1).executeTakeFirstOrThrow();
    await sql`update audit_log set details = '{"i": 999}' where id = ${target.id}`.execute(ctx.db);
    expect(await verifyChain(ctx.db, { batchSize: 4 })).toMatchObject({ ok: false, checked: 3, firstBroken: { id: target.id, reason: 'hash_mismatch' } });
    await sql`update audit_log set details = ${JSON.stringify(target.details)}::jsonb where id = ${target.id}`.execute(ctx.db);
    expect((await verifyChain(ctx.db)).ok).toBe(true);
  });

  it('detects a deleted entry', async () => {
    const all = await ctx.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    const [deleted, next] = [all[5]!.id, all[6]!.id];
    await sql`delete from audit_log where id = ${deleted}`.execute(ctx.db);
    expect(await verifyChain(ctx.db, { batchSize: 3 })).toMatchObject({ ok: false, firstBroken: { id: next, reason: 'prev_hash_mismatch' } });
  });
});
