import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

function selectSeats(db: Kysely<DB>) {
  return db
    .selectFrom('account_team')
    .innerJoin('employees', 'employees.id', 'account_team.employee_id')
    .select([
      'account_team.id',
      'account_team.company_id',
      'account_team.employee_id',
      'employees.name as employee_name',
      'employees.status as employee_status',
      'account_team.role',
      'account_team.since',
      'account_team.until',
    ]);
}
export type SeatRow = Awaited<ReturnType<ReturnType<typeof selectSeats>['executeTakeFirstOrThrow']>>;

export const listTeam = (db: Kysely<DB>, { companyId, includeHistory }: { companyId: number; includeHistory: boolean }) => {
  let qb = selectSeats(db).where('account_team.company_id', '=', companyId);
  if (!includeHistory) qb = qb.where('account_team.until', 'is', null);
  return qb.orderBy('account_team.since').orderBy('account_team.id').execute();
};

export const findSeatView = (db: Kysely<DB>, { id }: { id: number }) => selectSeats(db).where('account_team.id', '=', id).executeTakeFirst();

export const findSeat = (db: Kysely<DB>, { id, companyId }: { id: number; companyId: number }) =>
  db.selectFrom('account_team').selectAll().where('id', '=', id).where('company_id', '=', companyId).executeTakeFirst();

export const findCurrentSeat = (db: Kysely<DB>, seat: { companyId: number; employeeId: number; role: string }) =>
  db
    .selectFrom('account_team')
    .select('id')
    .where('company_id', '=', seat.companyId)
    .where('employee_id', '=', seat.employeeId)
    .where('role', '=', seat.role)
    .where('until', 'is', null)
    .executeTakeFirst();

export const insertSeat = (db: Kysely<DB>, seat: { companyId: number; employeeId: number; role: string }) =>
  db
    .insertInto('account_team')
    .values({ company_id: seat.companyId, employee_id: seat.employeeId, role: seat.role })
    .returning('id')
    .executeTakeFirstOrThrow();

/** Ends current seats (history is kept: `until` is set, the row stays). */
export const endSeats = (db: Kysely<DB>, filter: { companyId: number; role?: string; id?: number }) => {
  // The database clock, as for `since`: an app-clock `until` truncated to milliseconds could fall
  // before a `since` set microseconds earlier and break the until >= since check.
  let qb = db
    .updateTable('account_team')
    .set({ until: sql<Date>`greatest(now(), account_team.since)`, updated_at: new Date() })
    .where('company_id', '=', filter.companyId)
    .where('until', 'is', null);
  if (filter.role) qb = qb.where('role', '=', filter.role);
  if (filter.id) qb = qb.where('id', '=', filter.id);
  return qb.executeTakeFirst();
};

/** The company as team rules need it: visible to the actor, with its owner. */
export const findTeamCompany = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  db
    .selectFrom('companies')
    .select(['companies.id', 'companies.owner_id'])
    .where('companies.id', '=', id)
    .where(companyVisibleTo(actor, 'companies.id'))
    .executeTakeFirst();

/** Row lock that serialises team changes of one company (two concurrent owner moves). */
export const lockCompany = (db: Kysely<DB>, { id }: { id: number }) =>
  db.selectFrom('companies').select(['id', 'owner_id']).where('id', '=', id).forUpdate().executeTakeFirst();

export const setCompanyOwner = (db: Kysely<DB>, { companyId, ownerId }: { companyId: number; ownerId: number | null }) =>
  db.updateTable('companies').set({ owner_id: ownerId, updated_at: new Date() }).where('id', '=', companyId).executeTakeFirst();

export const findEmployeeForSeat = (db: Kysely<DB>, { id }: { id: number }) =>
  db.selectFrom('employees').select(['id', 'status', 'archived_at']).where('id', '=', id).executeTakeFirst();
