import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const listTeam = (db: Kysely<DB>, { companyId, includeHistory }: { companyId: number; includeHistory: boolean }) => {
  let qb = db
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
    ])
    .where('account_team.company_id', '=', companyId);
  if (!includeHistory) qb = qb.where('account_team.until', 'is', null);
  return qb.orderBy('account_team.since').orderBy('account_team.id').execute();
};

export const findSeat = (db: Kysely<DB>, { id, companyId }: { id: number; companyId: number }) =>
  db.selectFrom('account_team').selectAll().where('id', '=', id).where('company_id', '=', companyId).executeTakeFirst();

export const insertSeat = (db: Kysely<DB>, seat: { companyId: number; employeeId: number; role: string }) =>
  db
    .insertInto('account_team')
    .values({ company_id: seat.companyId, employee_id: seat.employeeId, role: seat.role })
    .returning('id')
    .executeTakeFirstOrThrow();

/** Ends current seats (history is kept: `until` is set, the row stays). */
export const endSeats = (db: Kysely<DB>, filter: { companyId: number; role?: string; id?: number }) => {
  let qb = db
    .updateTable('account_team')
    .set({ until: new Date(), updated_at: new Date() })
    .where('company_id', '=', filter.companyId)
    .where('until', 'is', null);
  if (filter.role) qb = qb.where('role', '=', filter.role);
  if (filter.id) qb = qb.where('id', '=', filter.id);
  return qb.executeTakeFirst();
};
