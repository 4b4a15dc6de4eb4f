import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { defaultSignalsDay } from '../features/signals/signals.service.js';
import { claimNextJob, enqueueJob, findJob } from './jobs.repository.js';
import { HANDOVER_JOB, JOB_HANDLERS, PRUNE_LOGINS_JOB, scheduleRecurring, SIGNALS_JOB, startJobWorker } from './registry.js';
import { runNextJob, startWorker } from './worker.js';

describe('Postgres job queue', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.cleanup());

  it('queues the daily signals job once per day however often the scheduler runs, and runs it to done', async () => {
    const now = new Date();
    await scheduleRecurring(ctx, now);
    await scheduleRecurring(ctx, now);
    const day = defaultSignalsDay(ctx.config.timeZone, now);
    const jobs = await ctx.db.selectFrom('jobs').selectAll().where('kind', '=', SIGNALS_JOB).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ key: `${SIGNALS_JOB}:${day}`, status: 'queued', payload: { day } });

    await ctx.db
      .insertInto('login_attempts')
      .values([{ email: 'old@x.test', ip: '1.1.1.1', succeeded: false, at: new Date(Date.now() - 2 * 86_400_000) }, { email: 'new@x.test', ip: '1.1.1.1', succeeded: false }])
      .execute();
    // Signals, the daily handover job (access ends, absences return), login-attempt pruning and the
    // analytics catch-up: each once.
    let ran = 0;
    while (await runNextJob(ctx, { handlers: JOB_HANDLERS })) ran++;
    expect(ran).toBe(4);
    expect(await findJob(ctx.db, { key: `${SIGNALS_JOB}:${day}` })).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(await ctx.db.selectFrom('jobs').select(['status', 'last_error']).where('kind', '=', HANDOVER_JOB).execute()).toEqual([{ status: 'done', last_error: null }]);
    expect(await findJob(ctx.db, { key: `${PRUNE_LOGINS_JOB}:${day}` })).toMatchObject({ status: 'done', last_error: null });
    expect((await ctx.db.selectFrom('login_attempts').select('email').execute()).map((r) => r.email)).toEqual(['new@x.test']);
  });

  it('retries a failing job later with its error, and gives up after its last attempt', async () => {
    let calls = 0;
    const handlers = {
      flaky: async () => {
        calls++;
        throw new Error('1C is down');
      },
    };
    await enqueueJob(ctx.db, { kind: 'flaky', key: 'flaky:1', maxAttempts: 2 });
    await runNextJob(ctx, { handlers });
    const first = await findJob(ctx.db, { key: 'flaky:1' });
    expect(first).toMatchObject({ status: 'queued', attempts: 1 });
    expect(first?.last_error).toContain('1C is down');
    expect(first!.run_at.getTime()).toBeGreaterThan(Date.now());
    expect(await runNextJob(ctx, { handlers })).toBe(false); // not due yet

    await ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('key', '=', 'flaky:1').execute();
    await runNextJob(ctx, { handlers });
    expect(await findJob(ctx.db, { key: 'flaky:1' })).toMatchObject({ status: 'failed', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('never hands the same job to two claimers, and takes back a job whose worker died', async () => {
    await enqueueJob(ctx.db, { kind: 'a', key: 'claim:a' });
    await enqueueJob(ctx.db, { kind: 'b', key: 'claim:b' });
    const claims = await Promise.all([0, 1, 2].map(() => claimNextJob(ctx.db, { staleAfterSeconds: 900 })));
    expect(claims.map((c) => c?.kind ?? 'none').sort()).toEqual(['a', 'b', 'none']);
    // 'a' is running; its worker "dies": once stale, another worker takes it again.
    await ctx.db.updateTable('jobs').set({ locked_at: new Date(Date.now() - 3600_000) }).where('key', '=', 'claim:a').execute();
    const again = await claimNextJob(ctx.db, { staleAfterSeconds: 900 });
    expect(again).toMatchObject({ kind: 'a', attempts: 2 });
  });

  it('runs in the background until stopped, and stop waits for the job in hand', async () => {
    await ctx.db.updateTable('jobs').set({ status: 'done' }).where('status', 'in', ['queued', 'running']).execute();
    let finished = 0;
    const handlers = {
      slow: async () => {
        await new Promise((r) => setTimeout(r, 100));
        finished++;
      },
    };
    await enqueueJob(ctx.db, { kind: 'slow', key: 'slow:1' });
    await enqueueJob(ctx.db, { kind: 'slow', key: 'slow:2' });
    const worker = startWorker(ctx, { handlers, pollMs: 10 });
    await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    expect(finished).toBeGreaterThanOrEqual(1);
    const statuses = await ctx.db.selectFrom('jobs').select('status').where('kind', '=', 'slow').execute();
    expect(statuses.some((s) => s.status === 'running')).toBe(false);
    // The server's worker schedules the signals job itself.
    const serverWorker = startJobWorker(ctx, { pollMs: 10 });
    await serverWorker.stop();
  });
});
