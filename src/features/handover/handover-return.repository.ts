import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type MovedRow, type OwnedKind, passOwned } from './handover-execute.repository.js';

// The end of an absence: each moved item goes back to the person who was away, but only while the
// cover still holds it and it is still open. Anything reassigned or closed in between stays as it
// is ('kept'): a deliberate decision made during the absence is not undone.

type Opts = { handoverId: number };
const rows = async (db: Kysely<DB>, q: ReturnType<typeof sql<MovedRow>>) => (await q.execute(db)).rows;

/** The cover gives back one kind of item: done items whose entity the cover still holds and is still open. */
export const returnOwned = (db: Kysely<DB>, { handoverId, kind }: Opts & { kind: OwnedKind }) =>
  passOwned(db, { handoverId, kind, itemStatus: 'done', from: 'successor_id', to: 'previous_owner_id', status: 'returned', stampColumn: 'returned_at' });

// A seat returns while the cover's seat from the handover is still current (or the cover already
// held that role before, so no seat was added): the cover's added seat ends, the person's comes back.
export const returnSeats = (db: Kysely<DB>, { handoverId }: Opts) =>
  rows(
    db,
    sql<MovedRow>`
    with due as (
      select i.id as item_id, i.entity_id, i.company_id, i.seat_role as role, i.successor_id as from_id, i.previous_owner_id as to_id, i.new_seat_id
      from handover_items i
      where i.handover_id = ${handoverId} and i.kind = 'seat' and i.status = 'done'
        and (i.new_seat_id is null or exists (select 1 from account_team a where a.id = i.new_seat_id and a.until is null))
    ), gone as (
      update account_team a set until = greatest(now(), a.since), updated_at = now()
      from due where a.id = due.new_seat_id
      returning a.id
    ), back as (
      insert into account_team (company_id, employee_id, role)
      select company_id, to_id, role from due
      on conflict (company_id, employee_id, role) where until is null do nothing
      returning id
    ), mark as (
      update handover_items h set status = 'returned', returned_at = now() from due where h.id = due.item_id
    )
    select due.item_id, due.entity_id, due.company_id, due.role, due.from_id, due.to_id, null::int as new_seat_id
    from due`,
  );

/** Done items that were not returned were changed during the absence: they stay. */
export const markKept = async (db: Kysely<DB>, { handoverId }: Opts) =>
  Number(
    (
      await sql`
    update handover_items set status = 'kept', note = 'Left with the cover: reassigned or closed during the absence.'
    where handover_id = ${handoverId} and status = 'done'`.execute(db)
    ).numAffectedRows ?? 0n,
  );
