import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// What execution sets up so clients hear from the company first, the mailbox keeps working and a
// hunter keeps credit: each one INSERT ... SELECT over the client items that were actually moved.

type Texts = { departingName: string; offer: string };

// The same placeholders as renderTemplate in the domain, filled per row by the database.
const fill = (template: string, client: RawBuilder<unknown>, successor: RawBuilder<unknown>, t: Texts) =>
  sql`replace(replace(replace(replace(${template}::text, '{client}', ${client}), '{departing}', ${t.departingName}::text), '{successor}', ${successor}), '{offer}', ${t.offer}::text)`;

// The moved clients of one class group, each with its best contact (the decision maker first; for
// email, someone with an address first) found by the contacts index, one lookup per client.
const movedClients = (handoverId: number, a: boolean, needEmail: boolean) => sql`
  select i.entity_id as company_id, i.successor_id, c.name as client, s.name as successor, s.email as successor_email,
    ct.id as contact_id, ct.phones[1] as phone, ct.emails[1] as email
  from handover_items i join companies c on c.id = i.entity_id join employees s on s.id = i.successor_id
  left join lateral (
    select x.id, x.phones, x.emails from contacts x where x.company_id = i.entity_id and x.archived_at is null
    order by ${needEmail ? sql`cardinality(x.emails) > 0 desc,` : sql``} x.is_decision_maker desc, x.id limit 1
  ) ct on true
  where i.handover_id = ${handoverId} and i.kind = 'client' and i.status = 'done'
    and ${a ? sql`i.abc = 'A'` : sql`i.abc is distinct from 'A'`}`;

/** A clients: a call task for the successor on the first day, with the approved script and offer. */
export async function createCallTasks(db: Kysely<DB>, o: { handoverId: number; actorId: number; dueOn: string; script: string } & Texts): Promise<number> {
  // Task ids are drawn up front so the messages need no join back to the inserted tasks.
  const res = await sql`
    with a as (
      select m.*, nextval(pg_get_serial_sequence('tasks', 'id')) as task_id from (${movedClients(o.handoverId, true, false)}) m
    ),
    made as (
      insert into tasks (id, title, due_at, assignee_id, company_id, origin, created_by)
      overriding system value
      select a.task_id, left('Звонок клиенту после смены менеджера: ' || a.client, 300), (${o.dueOn}::date + time '09:00') at time zone 'UTC', a.successor_id, a.company_id, 'rule', ${o.actorId}
      from a
    )
    insert into handover_messages (handover_id, company_id, contact_id, successor_id, channel, step, to_address, body, due_on, task_id)
    select ${o.handoverId}, a.company_id, a.contact_id, a.successor_id, 'call', 1, a.phone,
      ${fill(o.script, sql`a.client`, sql`a.successor`, o)}, ${o.dueOn}::date, a.task_id
    from a
    returning id`.execute(db);
  // A statement that starts with WITH reports no affected-row count on every driver: count what it returned.
  return res.rows.length;
}

/**
 * B and C clients: a goodbye-and-introduction from the departing address on the first day, then a
 * welcome from the successor's address the next day, as drafts ('no_address' when nobody has email).
 */
export async function createEmailDrafts(
  db: Kysely<DB>,
  o: { handoverId: number; dueOn: string; departingEmail: string; goodbye: { subject: string; body: string }; welcome: { subject: string; body: string } } & Texts,
): Promise<number> {
  const subject = sql`case step.n when 1 then ${fill(o.goodbye.subject, sql`b.client`, sql`b.successor`, o)} else ${fill(o.welcome.subject, sql`b.client`, sql`b.successor`, o)} end`;
  const body = sql`case step.n when 1 then ${fill(o.goodbye.body, sql`b.client`, sql`b.successor`, o)} else ${fill(o.welcome.body, sql`b.client`, sql`b.successor`, o)} end`;
  const res = await sql`
    with b as (${movedClients(o.handoverId, false, true)})
    insert into handover_messages (handover_id, company_id, contact_id, successor_id, channel, step, from_address, to_address, subject, body, due_on, status)
    select ${o.handoverId}, b.company_id, b.contact_id, b.successor_id, 'email', step.n,
      case step.n when 1 then ${o.departingEmail}::text else b.successor_email end, b.email, left(${subject}, 500), ${body},
      ${o.dueOn}::date + (step.n - 1), case when b.email is null then 'no_address' else 'draft' end
    from b cross join (values (1), (2)) as step(n)
    order by b.company_id, step.n
    returning id`.execute(db);
  return res.rows.length;
}

/** The departing address forwards to each client's successor; anything else goes to `catchAllId`. */
export async function createMailForwards(db: Kysely<DB>, o: { handoverId: number; address: string; from: string; months: number; catchAllId: number }): Promise<number> {
  const until = sql`(${o.from}::date + make_interval(months => ${o.months}::int))::date`;
  const res = await sql`
    insert into mail_forwards (handover_id, address, company_id, successor_id, until)
    select ${o.handoverId}::int, ${o.address}::text, i.entity_id, i.successor_id, ${until}
    from handover_items i where i.handover_id = ${o.handoverId} and i.kind = 'client' and i.status = 'done'
    union all
    select ${o.handoverId}::int, ${o.address}::text, null, ${o.catchAllId}::int, ${until}`.execute(db);
  return Number(res.numAffectedRows ?? 0n);
}

/** A won client moved from a hunter: the hunter keeps this share of credit for a while. */
export async function createCreditShares(db: Kysely<DB>, o: { handoverId: number; sharePct: string; from: string; months: number }): Promise<number> {
  const res = await sql`
    insert into hunter_credit_shares (handover_id, company_id, hunter_id, account_manager_id, share_pct, valid_from, valid_until)
    select ${o.handoverId}, i.entity_id, i.previous_owner_id, i.successor_id, ${o.sharePct}::numeric, ${o.from}::date,
      (${o.from}::date + make_interval(months => ${o.months}::int))::date
    from handover_items i where i.handover_id = ${o.handoverId} and i.kind = 'client' and i.status = 'done'
    on conflict (handover_id, company_id) do nothing`.execute(db);
  return Number(res.numAffectedRows ?? 0n);
}
