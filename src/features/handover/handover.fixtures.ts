import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// Test scenario: a manager with A/B/C clients (revenue from this year's orders), open and closed
// deals, tasks and orders, a seat in a colleague's team, and a deal at a colleague's client.
// Inserted set-based so each test file seeds in a few statements.

export type Scenario = {
  leaverId: number;
  clientIds: number[];
  /** revenue per client, the first `aCount` large */
  aCount: number;
  foreignCompanyId: number;
  foreignOwnerId: number;
};

const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export async function seedScenario(
  db: Kysely<DB>,
  o: { leaverId: number; foreignOwnerId: number; backupId: number; clients?: number; prefix?: string },
): Promise<Scenario> {
  const n = o.clients ?? 30;
  const prefix = o.prefix ?? 'Client';
  // 4 big clients (A), 8 medium (B), the rest small (C).
  const revenue = (i: number) => (i < 4 ? 1_000_000 + i * 50_000 : i < 12 ? 60_000 + i * 1_000 : 2_000 + i * 10);
  const ids = (
    await sql<{ id: number }>`
    insert into companies (name, owner_id, status, annual_potential)
    select ${prefix} || ' ' || g, ${o.leaverId}, 'active', null from generate_series(1, ${n}) g
    returning id`.execute(db)
  ).rows.map((r) => r.id);
  await sql`insert into account_team (company_id, employee_id, role) select unnest(${ids}::int[]), ${o.leaverId}, 'owner'`.execute(db);
  // The backup already knows the second-largest client.
  await sql`insert into account_team (company_id, employee_id, role) values (${ids[1]}, ${o.backupId}, 'backup')`.execute(db);
  const revs = ids.map((_, i) => `${revenue(i)}.00`);
  await sql`
    insert into orders (company_id, number, ordered_on, status, owner_id, total)
    select u.id, 'R-' || u.id, ${ago(40)}::date, 'completed', ${o.leaverId}, u.total::numeric
    from unnest(${ids}::int[], ${revs}::text[]) as u(id, total)`.execute(db);
  // One open order per client (a draft: no revenue), two open deals and one won, three open tasks and one done.
  await sql`insert into orders (company_id, number, ordered_on, status, owner_id, total) select id, 'O-' || id, ${ago(1)}::date, 'draft', ${o.leaverId}, 0 from unnest(${ids}::int[]) id`.execute(db);
  await sql`
    insert into deals (company_id, title, stage_id, amount, owner_id, closed_at)
    select id, 'Deal ' || id || '/' || k, (select id from pipeline_stages where name = case when k = 3 then 'Won' else 'Proposal' end),
      1000, ${o.leaverId}, case when k = 3 then now() end
    from unnest(${ids}::int[]) id cross join generate_series(1, 3) k`.execute(db);
  await sql`
    insert into tasks (title, assignee_id, company_id, status, created_by)
    select 'Task ' || id || '/' || k, ${o.leaverId}, id, case when k = 4 then 'done' else 'open' end, ${o.leaverId}
    from unnest(${ids}::int[]) id cross join generate_series(1, 4) k`.execute(db);
  // A task tied to the first open deal only, and two with no client at all.
  await sql`
    insert into tasks (title, assignee_id, deal_id, created_by)
    select 'Deal follow-up', ${o.leaverId}, min(d.id), ${o.leaverId} from deals d where d.company_id = ${ids[0]} and d.closed_at is null`.execute(db);
  await sql`insert into tasks (title, assignee_id, created_by) values ('Report', ${o.leaverId}, ${o.leaverId}), ('Training', ${o.leaverId}, ${o.leaverId})`.execute(db);
  // A seat in a colleague's team and an open deal at that colleague's client.
  const foreign = await db.insertInto('companies').values({ name: `${prefix} foreign`, owner_id: o.foreignOwnerId, status: 'active' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('account_team').values([
    { company_id: foreign.id, employee_id: o.foreignOwnerId, role: 'owner' },
    { company_id: foreign.id, employee_id: o.leaverId, role: 'service' },
  ]).execute();
  const stage = await db.selectFrom('pipeline_stages').select('id').where('name', '=', 'New').executeTakeFirstOrThrow();
  await db.insertInto('deals').values({ company_id: foreign.id, title: 'Shared deal', stage_id: stage.id, owner_id: o.leaverId }).execute();
  // Contacts with and without email so drafts and 'no_address' both occur.
  await sql`
    insert into contacts (company_id, name, is_decision_maker, emails, phones)
    select id, 'Buyer ' || id, true, case when id % 5 = 0 then '{}'::text[] else array['buyer' || id || '@client.test'] end, array['+7495' || lpad(id::text, 7, '0')]
    from unnest(${ids}::int[]) id`.execute(db);
  return { leaverId: o.leaverId, clientIds: ids, aCount: 4, foreignCompanyId: foreign.id, foreignOwnerId: o.foreignOwnerId };
}

/** Open things a person holds, by the same definitions the handover uses. */
export async function openHoldings(db: Kysely<DB>, employeeId: number) {
  const r = await sql<{ clients: number; deals: number; tasks: number; orders: number; seats: number }>`
    select
      (select count(*) from companies where owner_id = ${employeeId} and archived_at is null)::int as clients,
      (select count(*) from deals where owner_id = ${employeeId} and closed_at is null and archived_at is null)::int as deals,
      (select count(*) from tasks where assignee_id = ${employeeId} and status = 'open' and archived_at is null)::int as tasks,
      (select count(*) from orders where owner_id = ${employeeId} and status in ('draft', 'confirmed', 'shipped') and archived_at is null)::int as orders,
      (select count(*) from account_team where employee_id = ${employeeId} and until is null)::int as seats`.execute(db);
  return r.rows[0] as { clients: number; deals: number; tasks: number; orders: number; seats: number };
}

export async function tableCounts(db: Kysely<DB>) {
  const r = await sql<{ companies: number; deals: number; tasks: number; orders: number }>`
    select (select count(*) from companies)::int as companies, (select count(*) from deals)::int as deals,
      (select count(*) from tasks)::int as tasks, (select count(*) from orders)::int as orders`.execute(db);
  return r.rows[0] as { companies: number; deals: number; tasks: number; orders: number };
}
