import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
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
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, reason)
    select ${h}, 'client', c.id, c.id, ${x}, ${o.clientFallbackId}::int,
      'Became this person''s client after the plan was drafted: goes to the experienced successor with the fewest clients.'
    from companies c
    where c.owner_id = ${x} and ${OPEN.client} and ${inScope('c.id', o.scope)} and ${notPlanned(h, 'client', 'c.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  const seat = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, seat_role, previous_owner_id, successor_id, follows_client, reason)
    select ${h}, 'seat', a.id, a.company_id, a.role, ${x}, coalesce(ci.successor_id, ${fb}::int), ci.id is not null,
      case when ci.id is not null then format('The %s seat follows the client %s.', a.role, c.name)
           else format('The %s seat at %s appeared after drafting: goes to the successor with the fewest clients.', a.role, c.name) end
    from account_team a
    join companies c on c.id = a.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = a.company_id
    where a.employee_id = ${x} and a.until is null and ${inScope('a.company_id', o.scope)} and ${notPlanned(h, 'seat', 'a.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  const deal = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, follows_client, reason)
    select ${h}, 'deal', d.id, d.company_id, ${x}, coalesce(ci.successor_id, own.id, ${fb}::int), ci.id is not null,
      case when ci.id is not null then format('Follows its client %s.', c.name)
           when own.id is not null then format('Goes to the owner of its client %s.', c.name)
           else format('Its client %s is not handed over and has no active owner: goes to the successor with the fewest clients.', c.name) end
    from deals d
    join companies c on c.id = d.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = d.company_id
    left join lateral (select ${ownerOf('d.company_id', x, 'ci.id')} as id) own on true
    where d.owner_id = ${x} and ${OPEN.deal} and ${inScope('d.company_id', o.scope)} and ${notPlanned(h, 'deal', 'd.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  // A task belongs to its client, else to its deal's client; a task with neither goes to the fallback.
  const task = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, follows_client, reason)
    select ${h}, 'task', t.id, k.company_id, ${x}, coalesce(ci.successor_id, di.successor_id, own.id, ${fb}::int), ci.id is not null,
      case when ci.id is not null then format('Follows its client %s.', c.name)
           when di.id is not null then 'Follows its deal.'
           when own.id is not null then format('Goes to the owner of its client %s.', c.name)
           when c.id is not null then format('Its client %s is not handed over and has no active owner: goes to the successor with the fewest clients.', c.name)
           else 'Tied to no client: goes to the successor with the fewest clients.' end
    from tasks t
    left join deals dd on dd.id = t.deal_id
    cross join lateral (select coalesce(t.company_id, dd.company_id) as company_id) k
    left join companies c on c.id = k.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = k.company_id
    left join handover_items di on di.handover_id = ${h} and di.kind = 'deal' and di.entity_id = t.deal_id
    left join lateral (select ${ownerOf('k.company_id', x, 'ci.id')} as id) own on true
    where t.assignee_id = ${x} and ${OPEN.task} and ${o.scope === null ? sql`true` : inScope('k.company_id', o.scope)} and ${notPlanned(h, 'task', 't.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  const order = await count(sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, previous_owner_id, successor_id, follows_client, reason)
    select ${h}, 'order', o.id, o.company_id, ${x}, coalesce(ci.successor_id, own.id, ${fb}::int), ci.id is not null,
      case when ci.id is not null then format('Follows its client %s.', c.name)
           when own.id is not null then format('Goes to the owner of its client %s.', c.name)
           else format('Its client %s is not handed over and has no active owner: goes to the successor with the fewest clients.', c.name) end
    from orders o
    join companies c on c.id = o.company_id
    left join handover_items ci on ci.handover_id = ${h} and ci.kind = 'client' and ci.entity_id = o.company_id
    left join lateral (select ${ownerOf('o.company_id', x, 'ci.id')} as id) own on true
    where o.owner_id = ${x} and ${OPEN.order} and ${inScope('o.company_id', o.scope)} and ${notPlanned(h, 'order', 'o.id')}
    on conflict (handover_id, kind, entity_id) do nothing`);

  return { client, deal, task, order, seat };
}
