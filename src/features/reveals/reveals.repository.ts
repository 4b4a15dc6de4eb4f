import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// Taken before counting so two parallel reveals by one employee cannot both pass the last slot.
export const lockEmployee = (db: Kysely<DB>, { employeeId }: { employeeId: number }) =>
  db.selectFrom('employees').select('id').where('id', '=', employeeId).forUpdate().executeTakeFirst();

/** Reveals by the employee since the start of `day` in the company's time zone. */
export async function countRevealsOnDay(db: Kysely<DB>, { employeeId, day, timeZone }: { employeeId: number; day: string; timeZone: string }) {
  const row = await db
    .selectFrom('reveals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('employee_id', '=', employeeId)
    .where(sql<boolean>`at >= (${day}::date)::timestamp at time zone ${timeZone}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const insertReveal = (db: Kysely<DB>, row: { employeeId: number; contactId: number; field: string; reason: string }) =>
  db.insertInto('reveals').values({ employee_id: row.employeeId, contact_id: row.contactId, field: row.field, reason: row.reason }).execute();
