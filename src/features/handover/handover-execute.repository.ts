import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inScope, OPEN, openIn, type Scope } from './handover-draft.repository.js';

// Execution, one UPDATE ... FROM handover_items per kind. An entity moves only while it is still
// open and still held by the person the plan took it from, so an edit someone made in between
// wins; its item stays 'planned' and is then marked 'skipped'. Moved items become 'done' in the
// same statement, which is what makes a second run a no-op.

export type MovedRow = { item_id: number; entity_id: number; company_id: number | null; from_id: number; to_id: number; role?: string; new_seat_id?: number | null };
type Opts = { handoverId: number };

const rows = async (db: Kysely<DB>, q: ReturnType<typeof sql<MovedRow>>) => (await q.execute(db)).rows;

/** Fresh statistics for a plan just written, so the planner joins 100k items by hash, not by loop. */
export const analyzeItems = (db: Kysely<DB>) => sql`analyze handover_items`.execute(db);

/**
 * What each kind of handed-over item is: its table, the column naming who holds it, and where its
 * company comes from (when it still counts as open is openIn's). Execution and an absence's return both read it.
 */
export const OWNED = {
  client: { table: 'companies', holder: 'owner_id', company: 'x.id' },
  deal: { table: 'deals', holder: 'owner_id', company: 'x.company_id' },
  task: { table: 'tasks', holder: 'assignee_id', company: 'i.company_id' },
  order: { table: 'orders', holder: 'owner_id', company: 'x.company_id' },
} as const;
export type OwnedKind = keyof typeof OWNED;

/**
 * Items of one kind held by the person: the entity passes from `from` to `to` (item columns) while
 * it is open and still held by `from`; its items take `status`, stamped in `stampColumn`.
 */
export function passOwned(
  db: Kysely<DB>,
  o: { handoverId: number; kind: OwnedKind; itemStatus: 'planned' | 'done'; from: 'previous_owner_id' | 'successor_id'; to: 'previous_owner_id' | 'successor_id'; status: 'done' | 'returned'; stampColumn: 'executed_at' | 'returned_at' },
) {
  const k = OWNED[o.kind];
  const holder = sql.raw(k.holder);
  return rows(
    db,
    sql<MovedRow>`
    with moved as (
      update ${sql.table(k.table)} x set ${holder} = i.${sql.raw(o.to)}, updated_at = now()
      from handover_items i
      where i.handover_id = ${o.handoverId} and i.kind = ${o.kind} and i.status = ${o.itemStatus} and i.${sql.raw(o.to)} is not null
        and x.id = i.entity_id and x.${holder} = i.${sql.raw(o.from)} and ${openIn('x')[o.kind]}
      returning i.id as item_id, x.id as entity_id, ${sql.raw(k.company)} as company_id, i.${sql.raw(o.from)} as from_id, i.${sql.raw(o.to)} as to_id
    ), mark as (
      update handover_items h set status = ${o.status}, ${sql.raw(o.stampColumn)} = now() from moved where h.id = moved.item_id
    )
    select * from moved`,
  );
}

/** Execution: planned items move from the person to their successor and become 'done'. */
export const moveOwned = (db: Kysely<DB>, { handoverId, kind }: Opts & { kind: OwnedKind }) =>
  passOwned(db, { handoverId, kind, itemStatus: 'planned', from: 'previous_owner_id', to: 'successor_id', status: 'done', stampColumn: 'executed_at' });

// The old seat ends (history keeps the person as a former member); the successor gets a seat of
// the same role unless they already hold one. Two statements: joining two CTEs of 10k rows each
// has no index to use, while the second statement finds each new seat by the team index.
export async function moveSeats(db: Kysely<DB>, { handoverId, recordNewSeats }: Opts & { recordNewSeats: boolean }): Promise<MovedRow[]> {
  const moved = await rows(
    db,
    sql<MovedRow>`
    with ended as (
      update account_team a set until = greatest(now(), a.since), updated_at = now()
      from handover_items i
      where i.handover_id = ${handoverId} and i.kind = 'seat' and i.status = 'planned' and i.successor_id is not null
        and a.id = i.entity_id and a.until is null and a.employee_id = i.previous_owner_id
      returning i.id as item_id, a.id as entity_id, a.company_id, a.role, i.previous_owner_id as from_id, i.successor_id as to_id
    ), added as (
      insert into account_team (company_id, employee_id, role)
      select company_id, to_id, role from ended
      on conflict (company_id, employee_id, role) where until is null do nothing
    ), mark as (
      update handover_items h set status = 'done', executed_at = now() from ended where h.id = ended.item_id
    )
    select * from ended`,
  );
  if (!moved.length || !recordNewSeats) return moved;
  // The seat each successor was given, recorded for an absence's return (a seat they already had stays theirs).
  const seats = await sql<{ item_id: number; new_seat_id: number }>`
    update handover_items h set new_seat_id = a.id
    from account_team a
    where h.handover_id = ${handoverId} and h.kind = 'seat' and h.status = 'done' and h.new_seat_id is null
      and a.company_id = h.company_id and a.employee_id = h.successor_id and a.role = h.seat_role and a.until is null
      and a.created_at = now()
    returning h.id as item_id, a.id as new_seat_id`.execute(db);
  const byItem = new Map(seats.rows.map((r) => [r.item_id, r.new_seat_id]));
  return moved.map((m) => ({ ...m, new_seat_id: byItem.get(m.item_id) ?? null }));
}

/** Whatever is still planned after the moves was changed by someone else: it is left alone. */
export const markSkipped = async (db: Kysely<DB>, { handoverId }: Opts) =>
  (
    await sql<{ kind: string; entity_id: number; note: string }>`
    update handover_items set status = 'skipped',
      note = 'Not moved: closed, archived or reassigned by someone else after the plan was drafted.'
    where handover_id = ${handoverId} and status = 'planned'
    returning kind, entity_id, note`.execute(db)
  ).rows;

export type Remaining = { clients: number; deals: number; tasks: number; orders: number; seats: number };

/** What the person still holds that is open: all zero after a complete handover. */
export async function remainingOpen(db: Kysely<DB>, { employeeId, scope }: { employeeId: number; scope: Scope }): Promise<Remaining> {
  const res = await sql<Remaining>`
    select
      (select count(*) from companies c where c.owner_id = ${employeeId} and ${OPEN.client} and ${inScope('c.id', scope)})::int as clients,
      (select count(*) from deals d where d.owner_id = ${employeeId} and ${OPEN.deal} and ${inScope('d.company_id', scope)})::int as deals,
      (select count(*) from tasks t left join deals dd on dd.id = t.deal_id
        where t.assignee_id = ${employeeId} and ${OPEN.task}
          and ${scope === null ? sql`true` : sql`coalesce(t.company_id, dd.company_id) = any(${[...scope]}::int[])`})::int as tasks,
      (select count(*) from orders o where o.owner_id = ${employeeId} and ${OPEN.order} and ${inScope('o.company_id', scope)})::int as orders,
      (select count(*) from account_team a where a.employee_id = ${employeeId} and a.until is null and ${inScope('a.company_id', scope)})::int as seats`.execute(db);
  return res.rows[0] as Remaining;
}

/** Successors in the plan who can no longer take anything (left, on leave, archived). */
export const inactiveSuccessors = async (db: Kysely<DB>, { handoverId }: Opts) =>
  (
    await sql<{ id: number; name: string }>`
    select distinct e.id, e.name from handover_items i join employees e on e.id = i.successor_id
    where i.handover_id = ${handoverId} and i.status = 'planned' and (e.status <> 'active' or e.archived_at is not null)
    order by e.id`.execute(db)
  ).rows;

/** At execution: the successor with the fewest clients in the plan, among the experienced when asked. */
export async function pickFallback(db: Kysely<DB>, o: { handoverId: number; pool: number[]; experiencedBefore?: string }) {
  const res = await sql<{ id: number }>`
    select e.id from employees e
    left join handover_items i on i.handover_id = ${o.handoverId} and i.kind = 'client' and i.successor_id = e.id
    where e.id = any(${o.pool}::int[]) and e.status = 'active' and e.archived_at is null
      and ${o.experiencedBefore ? sql`e.hired_on <= ${o.experiencedBefore}::date` : sql`true`}
    group by e.id order by count(i.id), e.id limit 1`.execute(db);
  return res.rows[0]?.id ?? null;
}
