import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Actor } from '../../src/domain/actor.js';
import { verifyChain } from '../../src/features/audit/audit.service.js';
import { openDeparture } from '../../src/features/handover/handover-draft.service.js';
import { executeHandover } from '../../src/features/handover/handover-execute.service.js';
import type { ExecutionResult } from '../../src/features/handover/handover.schema.js';
import { approveHandover } from '../../src/features/handover/handover.service.js';

// One departing manager with 10k clients, 20k open deals, 50k open tasks and 10k open orders,
// handed to 20 successors on a throwaway PostgreSQL database: the draft (ABC, planner, items) and
// the execution (every move, audit entry, message draft and forward in one transaction) are timed.
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.HOLDFAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLIENTS = Number(process.env.HANDOVER_CLIENTS ?? 10_000);
const SUCCESSORS = 20;

async function admin(q: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

export async function seed(ctx: AppContext) {
  const db = ctx.db;
  const hs = await db.insertInto('employees').values({ name: 'Head of Sales', email: 'head@bench.test', role: 'head_of_sales', hired_on: '2015-01-01' }).returning(['id', 'name', 'email']).executeTakeFirstOrThrow();
  const leaver = await db.insertInto('employees').values({ name: 'Leaving Manager', email: 'leaver@bench.test', role: 'account_manager', hired_on: '2016-01-01' }).returning('id').executeTakeFirstOrThrow();
  // Three quarters experienced, the rest newcomers (hired a month ago).
  await sql`
    insert into employees (name, email, role, hired_on)
    select 'Successor ' || g, 'successor' || g || '@bench.test', case when g % 10 = 0 then 'key_account_manager' else 'account_manager' end,
      case when g <= ${SUCCESSORS * 0.75} then date '2019-01-01' + g else current_date - 30 end
    from generate_series(1, ${SUCCESSORS}) g`.execute(db);
  const successors = (await db.selectFrom('employees').select('id').where('email', 'like', 'successor%').orderBy('id').execute()).map((r) => r.id);
  const x = leaver.id;
  await sql`insert into companies (name, owner_id, status, annual_potential)
    select 'Client ' || g, ${x}, 'active', case when g % 200 = 0 then 50000000 end from generate_series(1, ${CLIENTS}) g`.execute(db);
  await sql`insert into account_team (company_id, employee_id, role) select id, ${x}, 'owner' from companies where owner_id = ${x}`.execute(db);
  // One in ten clients already has a backup among the successors.
  await sql`insert into account_team (company_id, employee_id, role)
    select c.id, (${successors}::int[])[1 + c.id % ${SUCCESSORS}], 'backup' from companies c where c.owner_id = ${x} and c.id % 10 = 0`.execute(db);
  // Revenue with a long tail (a few big clients, many small ones), as last year's completed orders.
  await sql`insert into orders (company_id, number, ordered_on, status, owner_id, total)
    select id, 'H-' || id, current_date - (id % 300) - 1, 'completed', ${x}, round((5000000.0 / (1 + (id * 7919) % ${CLIENTS}))::numeric + 1000, 2)
    from companies where owner_id = ${x}`.execute(db);
  await sql`insert into orders (company_id, number, ordered_on, status, owner_id, total)
    select id, 'O-' || id, current_date, 'confirmed', ${x}, 100 from companies where owner_id = ${x}`.execute(db);
  const stage = await db.selectFrom('pipeline_stages').select('id').where('name', '=', 'Proposal').executeTakeFirstOrThrow();
  await sql`insert into deals (company_id, title, stage_id, amount, owner_id)
    select c.id, 'Deal ' || c.id || '/' || k, ${stage.id}, 10000, ${x} from companies c cross join generate_series(1, 2) k where c.owner_id = ${x}`.execute(db);
  await sql`insert into tasks (title, assignee_id, company_id, due_at, created_by)
    select 'Task ' || c.id || '/' || k, ${x}, c.id, now() + k * interval '1 day', ${x} from companies c cross join generate_series(1, 5) k where c.owner_id = ${x}`.execute(db);
  await sql`insert into contacts (company_id, name, is_decision_maker, emails, phones)
    select id, 'Buyer ' || id, true, array['buyer' || id || '@client.test'], array['+7495' || lpad(id::text, 7, '0')] from companies where owner_id = ${x}`.execute(db);
  await sql`vacuum analyze`.execute(db);
  // Management's policy as the migration seeds it: every client, in clear.
  const policy = { clientScope: 'all' as const, maskPhones: false, maskEmails: false, revealDailyLimit: 100, exportAllowed: true, exportRowLimit: null, exportApprovalAbove: 1000 };
  const actor: Actor = { id: hs.id, name: hs.name, email: hs.email, role: 'head_of_sales', policy };
  return { actor, leaverId: x, successors };
}

const ms = (t: number) => `${Math.round(performance.now() - t)} ms`;

const ROLLBACK = new Error('rollback');

/** Times the bare statements of a 10k-client handover (see run), inside a transaction that is rolled back. */
async function requiredWritesFloor(ctx: AppContext, o: { leaverId: number; successors: number[]; handoverId: number; result: ExecutionResult }) {
  const { leaverId, successors, handoverId, result } = o;
  const successor = successors[0] ?? leaverId;
  const ids = sql`${successors}::int[]`;
  const statements: [string, ReturnType<typeof sql>][] = [
    ['clients', sql`update companies set owner_id = ${leaverId}, updated_at = now() where owner_id = any(${ids})`],
    ['seats', sql`with ended as (update account_team set until = now(), updated_at = now() where employee_id = any(${ids}) and until is null and role = 'owner' returning company_id)
      insert into account_team (company_id, employee_id, role) select company_id, ${leaverId}, 'backup' from ended`],
    ['deals', sql`update deals set owner_id = ${leaverId}, updated_at = now() where owner_id = any(${ids}) and closed_at is null`],
    ['tasks', sql`update tasks set assignee_id = ${leaverId}, updated_at = now() where assignee_id = any(${ids}) and status = 'open' and created_by = ${leaverId}`],
    ['orders', sql`update orders set owner_id = ${leaverId}, updated_at = now() where owner_id = any(${ids}) and status = 'confirmed'`],
    // the outreach (after the clients statement above, the clients are the leaver's again): call
    // tasks for the A clients, two letters for the others, a mail forward per client
    ['call tasks', sql`insert into tasks (title, assignee_id, company_id, due_at, created_by)
      select 'Floor call ' || id, ${successor}, id, now(), ${leaverId} from companies where owner_id = ${leaverId} order by id limit ${result.callTasks}`],
    ['email drafts', sql`insert into handover_messages (handover_id, company_id, successor_id, channel, step, from_address, to_address, subject, body, due_on)
      select ${handoverId}, c.id, ${successor}, 'email', k, 'leaver@bench.test', 'buyer' || c.id || '@client.test', 'Floor letter', 'Floor letter body', current_date
      from (select id from companies where owner_id = ${leaverId} order by id limit ${Math.ceil(result.emailDrafts / 2)}) c cross join generate_series(1, 2) k`],
    ['mail forwards', sql`insert into mail_forwards (handover_id, address, company_id, successor_id, until)
      select ${handoverId}, 'leaver@bench.test', id, ${successor}, current_date + 365 from companies where owner_id = ${leaverId} order by id limit ${result.mailForwards}`],
    ['audit', sql`insert into audit_log (at, actor_id, action, company_id, entity, entity_id, details, prev_hash, hash)
      select now(), ${leaverId}, 'bench.floor', 1 + g % ${CLIENTS}, 'task', g::text, jsonb_build_object('handoverId', 0, 'kind', 'task', 'from', 1, 'to', 2), h, h
      from (select g, md5(g::text) || md5((g + 1)::text) as h from generate_series(1, 100000) g) s`],
  ];
  const took: string[] = [];
  const started = performance.now();
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      for (const [name, q] of statements) {
        const t = performance.now();
        const res = await q.execute(trx);
        took.push(`${name} ${String(res.numAffectedRows ?? '')} rows ${Math.round(performance.now() - t)} ms`);
      }
      throw ROLLBACK;
    })
    .catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
  return { total: Math.round(performance.now() - started), steps: took.join(', ') };
}

export async function run(): Promise<void> {
  const name = `hf_bench_handover_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await connectDatabase({ databaseUrl: url.toString() });
  const ctx: AppContext = { db: database.db, database, config: loadConfig({}) };
  try {
    await migrateToLatest(database.db);
    let t = performance.now();
    const { actor, leaverId, successors } = await seed(ctx);
    console.log(`seeded ${CLIENTS} clients, ${CLIENTS * 2} deals, ${CLIENTS * 5} tasks, ${CLIENTS * 2} orders in ${ms(t)}`);

    t = performance.now();
    const plan = await openDeparture(ctx, actor, leaverId, { lastDay: new Date().toISOString().slice(0, 10), toCompetitor: false, successorIds: successors, reason: 'bench' });
    const draftTime = ms(t);
    console.log(`draft: ${draftTime} (${JSON.stringify(plan.counts)}; balance count ${plan.balance.count.min}-${plan.balance.count.max}, revenue ${plan.balance.revenue.min}-${plan.balance.revenue.max})`);
    await approveHandover(ctx, actor, plan.id);

    t = performance.now();
    const steps: string[] = [];
    const result = await executeHandover(ctx, actor, plan.id, { onStep: (name, took) => steps.push(`${name} ${Math.round(took)}`) });
    const execMs = Math.round(performance.now() - t);
    const execTime = `${execMs} ms`;
    console.log(`execute steps (ms): ${steps.join(', ')}`);
    console.log(`execute: ${execTime} (moved ${JSON.stringify(result.moved)}, audit ${result.auditEntries}, calls ${result.callTasks}, emails ${result.emailDrafts}, forwards ${result.mailForwards})`);
    if (!result.ownsNothingOpen) throw new Error(`the leaver still owns ${JSON.stringify(result.remaining)}`);

    t = performance.now();
    const again = await executeHandover(ctx, actor, plan.id);
    console.log(`second execute (no-op): ${ms(t)}, alreadyExecuted=${again.alreadyExecuted}`);
    // The floor: only the writes the issue requires, as bare statements in one transaction (rolled
    // back): the same 100k rows handed back to the leaver, as many call tasks, letters and forwards,
    // and 100k audit rows built in SQL, with no plan, no checks and no hash chain. Execution can't be faster than this here.
    const floor = await requiredWritesFloor(ctx, { leaverId, successors, handoverId: plan.id, result });
    console.log(`floor, the required writes alone (rolled back): ${floor.total} ms (${floor.steps}); execute = ${(execMs / floor.total).toFixed(2)}x the floor`);
    t = performance.now();
    const chain = await verifyChain(ctx.db);
    console.log(`audit chain verified: ${chain.ok} (${chain.checked} entries) in ${ms(t)}`);
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
