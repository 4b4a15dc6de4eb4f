import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';

const SORT_COLUMNS = { name: 'employees.name', hiredOn: 'employees.hired_on', id: 'employees.id' } as const;
const SORT_KEYS = { name: 'name', hiredOn: 'hired_on', id: 'id' } as const;

// The password hash is never selected here: only whether one is set.
function selectEmployees(db: Kysely<DB>) {
  return db
    .selectFrom('employees')
    .leftJoin('employees as manager', 'manager.id', 'employees.manager_id')
    .select([
      'employees.id',
      'employees.name',
      'employees.email',
      'employees.role',
      'employees.status',
      'employees.hired_on',
      'employees.manager_id',
      'employees.archived_at',
      'employees.created_at',
      'employees.updated_at',
      'manager.name as manager_name',
    ])
    .select(sql<boolean>`employees.password_hash is not null`.as('has_password'));
}
export type EmployeeRow = Awaited<ReturnType<ReturnType<typeof selectEmployees>['executeTakeFirstOrThrow']>>;

export type EmployeeFilter = {
  role?: string | undefined;
  status?: string | undefined;
  managerId?: number | undefined;
  q?: string | undefined;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listEmployees(db: Kysely<DB>, options: EmployeeFilter & PageRequest) {
  let qb = selectEmployees(db);
  if (options.role) qb = qb.where('employees.role', '=', options.role);
  if (options.status) qb = qb.where('employees.status', '=', options.status);
  if (options.managerId !== undefined) qb = qb.where('employees.manager_id', '=', options.managerId);
  if (options.q) qb = qb.where('employees.name', 'ilike', `${options.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (!options.includeArchived) qb = qb.where('employees.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 'employees.id', sortKey: SORT_KEYS[options.sort] });
}

export const findEmployee = (db: Kysely<DB>, { id, forUpdate = false }: { id: number; forUpdate?: boolean }) => {
  const qb = selectEmployees(db).where('employees.id', '=', id);
  // Locks the employee row only: the manager join is nullable and FOR UPDATE cannot lock it.
  return (forUpdate ? qb.forUpdate(['employees']) : qb).executeTakeFirst();
};

export const listReports = (db: Kysely<DB>, { managerId }: { managerId: number }) =>
  db
    .selectFrom('employees')
    .select(['id', 'name'])
    .where('manager_id', '=', managerId)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();

/** True when `employeeId` is `managerId` or sits above it in the management chain. */
export async function isInManagementChain(db: Kysely<DB>, { employeeId, managerId }: { employeeId: number; managerId: number }) {
  // UNION (not UNION ALL) stops the walk even if bad data already holds a cycle.
  const row = await sql<{ found: number }>`
    with recursive chain(id, manager_id) as (
      select id, manager_id from employees where id = ${managerId}
      union
      select e.id, e.manager_id from employees e join chain c on e.id = c.manager_id
    )
    select 1 as found from chain where id = ${employeeId} limit 1`.execute(db);
  return row.rows.length > 0;
}

export type EmployeeValues = {
  name?: string;
  email?: string;
  role?: string;
  status?: string;
  hired_on?: string;
  manager_id?: number | null;
  password_hash?: string | null;
  archived_at?: Date | null;
};

export const insertEmployee = (db: Kysely<DB>, { values }: { values: EmployeeValues & { name: string; email: string; role: string } }) =>
  db.insertInto('employees').values(values).returning(['id', 'status']).executeTakeFirstOrThrow();

export const updateEmployee = (db: Kysely<DB>, { id, values }: { id: number; values: EmployeeValues }) =>
  db
    .updateTable('employees')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();

export const insertStatusChange = (
  db: Kysely<DB>,
  change: { employeeId: number; fromStatus: string | null; toStatus: string; changedBy: number | null },
) =>
  db
    .insertInto('employee_status_history')
    .values({ employee_id: change.employeeId, from_status: change.fromStatus, to_status: change.toStatus, changed_by: change.changedBy })
    .execute();

export const listStatusHistory = (db: Kysely<DB>, { employeeId }: { employeeId: number }) =>
  db
    .selectFrom('employee_status_history as h')
    .leftJoin('employees as by', 'by.id', 'h.changed_by')
    .select(['h.id', 'h.from_status', 'h.to_status', 'h.changed_by', 'by.name as changed_by_name', 'h.changed_at'])
    .where('h.employee_id', '=', employeeId)
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
