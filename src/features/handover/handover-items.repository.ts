import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ROLE_NAMES, SQL_REASONS } from '../../domain/handover/reasons.js';
import { inScope, OPEN, type Scope } from './handover-draft.repository.js';

// Items that follow from the client plan, each inserted by one INSERT ... SELECT: the owner's seats,
// open deals, open tasks and open orders. Run at drafting and again at execution, where it adds
// whatever the person received in between (ON CONFLICT skips what the plan already has).

export type DependentOptions = {
  handoverId: number;
  employeeId: number;
  scope: Scope;
  /** Where items tied to no handed-over client go; null leaves them unassigned. */
  fallbackId: number | null;
  /** At execution only: clients the person received after drafting go to this (experienced) successor. */
  clientFallbackId?: number | null;
};

// The client's current owner when it is someone active other than the person; looked up only for
// items whose client is not handed over (the CASE keeps it from running for the rest).
const ownerOf = (companyColumn: string, employeeId: number, planned: string) =>
  sql`(select case when ${sql.ref(planned)} is null then (select e.id from companies cc join employees e on e.id = cc.owner_id
       where cc.id = ${sql.ref(companyColumn)} and e.id <> ${employeeId} and e.status = 'active' and e.archived_at is null) end)`;
// Only entities the plan does not have yet: at execution the anti-join skips the planned 100k cheaply.
const notPlanned = (h: number, kind: string, idColumn: string) =>
  sql`not exists (select 1 from handover_items p where p.handover_id = ${h} and p.kind = ${kind} and p.entity_id = ${sql.ref(idColumn)})`;

// The reason, reason_code and reason_params columns for a code chosen in SQL: the English sentence
// fills the domain's template for that code (role names from the same table) the way renderReason
// does, so sentence and code cannot disagree. The company goes in last, so its name is not scanned.
function reasonColumns(code: string, p: { role?: string; company?: string }): RawBuilder<unknown> {
  let text = sql`(${JSON.stringify(SQL_REASONS)}::jsonb ->> ${sql.ref(code)})`;
  if (p.role) text = sql`replace(${text}, '{role}', coalesce(${JSON.stringify(ROLE_NAMES)}::jsonb ->> ${sql.ref(p.role)}, ${sql.ref(p.role)}))`;
  if (p.company) text = sql`replace(${text}, '{company}', coalesce(${sql.ref(p.company)}, ''))`;
  const params = sql.join([...(p.role ? [sql`'role', ${sql.ref(p.role)}`] : []), ...(p.company ? [sql`'company', ${sql.ref(p.company)}`] : [])]);
  return sql`${text}, ${sql.ref(code)}, jsonb_strip_nulls(jsonb_build_object(${params}))`;
}

// A deal's or order's reason: it follows its handed-over client, else goes to the client's owner, else to the fallback.
const followsCode = sql`case when ci.id is not null then 'follows_client' when own.id is not null then 'client_owner' else 'client_not_handed_over' end`;

export type AddedCounts = { client: number; deal: number; task: number; order: number; seat: number };

export async function insertDependentItems(db: Kysely<DB>, o: DependentOptions): Promise<AddedCounts> {
  const h = o.handoverId;
  const x = o.employeeId;
  const fb = o.fallbackId;
  const count = async (q: ReturnType<typeof sql>) => Number((await q.execute(db)).numAffectedRows ?? 0n);

  const client =
    o.clientFallbackId === undefined
      ? 0
      : await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, reason, reason_code, reason_params)
    select ${h}, 'client', c.id, c.id, ${x}, ${o.clientFallbackId}::int, ${reasonColumns('r.code', {})}
    from companies c
    cross join (select 'client_added' as code) r
    where c.owner_id = ${x} and ${OPEN.client} and ${inScope('c.id', o.scope)} and ${notPlanned(h, 'client', 'c.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  const seat = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, seat_role, previous_owner_id, successor_id, follows_client, reason, reason_code, reason_params)
    select ${h}, 'seat', a.id, a.company_id, a.role, ${x}, coalesce(ci.successor_id, ${fb}::int), ci.id is not null,
      ${reasonColumns('r.code', { role: 'a.role', company: 'c.name' })}
    from account_team a
    join companies c on c.id = a.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = a.company_id
    cross join lateral (select case when ci.id is not null then 'seat_follows_client' else 'seat_added' end as code) r
    where a.employee_id = ${x} and a.until is null and ${inScope('a.company_id', o.scope)} and ${notPlanned(h, 'seat', 'a.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  const deal = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, follows_client, reason, reason_code, reason_params)
    select ${h}, 'deal', d.id, d.company_id, ${x}, coalesce(ci.successor_id, own.id, ${fb}::int), ci.id is not null,
      ${reasonColumns('r.code', { company: 'c.name' })}
    from deals d
    join companies c on c.id = d.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = d.company_id
    left join lateral (select ${ownerOf('d.company_id', x, 'ci.id')} as id) own on true
    cross join lateral (select ${followsCode} as code) r
    where d.owner_id = ${x} and ${OPEN.deal} and ${inScope('d.company_id', o.scope)} and ${notPlanned(h, 'deal', 'd.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  // A task belongs to its client, else to its deal's client; a task with neither goes to the fallback.
  const task = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, follows_client, reason, reason_code, reason_params)
    select ${h}, 'task', t.id, k.company_id, ${x}, coalesce(ci.successor_id, di.successor_id, own.id, ${fb}::int), ci.id is not null,
      ${reasonColumns('r.code', { company: 'c.name' })}
    from tasks t
    left join deals dd on dd.id = t.deal_id
    cross join lateral (select coalesce(t.company_id, dd.company_id) as company_id) k
    left join companies c on c.id = k.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = k.company_id
    left join handover_items di on di.handover_id = ${h} and di.kind = 'deal' and di.entity_id = t.deal_id
    left join lateral (select ${ownerOf('k.company_id', x, 'ci.id')} as id) own on true
    cross join lateral (select case when ci.id is not null then 'follows_client' when di.id is not null then 'follows_deal'
      when own.id is not null then 'client_owner' when c.id is not null then 'client_not_handed_over' else 'no_client' end as code) r
    where t.assignee_id = ${x} and ${OPEN.task} and ${o.scope === null ? sql`true` : inScope('k.company_id', o.scope)} and ${notPlanned(h, 'task', 't.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  const order = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, follows_client, reason, reason_code, reason_params)
    select ${h}, 'order', o.id, o.company_id, ${x}, coalesce(ci.successor_id, own.id, ${fb}::int), ci.id is not null,
      ${reasonColumns('r.code', { company: 'c.name' })}
    from orders o
    join companies c on c.id = o.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = o.company_id
    left join lateral (select ${ownerOf('o.company_id', x, 'ci.id')} as id) own on true
    cross join lateral (select ${followsCode} as code) r
    where o.owner_id = ${x} and ${OPEN.order} and ${inScope('o.company_id', o.scope)} and ${notPlanned(h, 'order', 'o.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  return { client, deal, task, order, seat };
}
