import type { Kysely } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

const SORT_COLUMNS = { occurredAt: 'activities.occurred_at', createdAt: 'activities.created_at', id: 'activities.id' } as const;
const SORT_KEYS = { occurredAt: 'occurred_at', createdAt: 'created_at', id: 'id' } as const;

// An activity is visible exactly when its company is: the history belongs to the client.
function selectActivities(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('activities')
    .innerJoin('employees', 'employees.id', 'activities.employee_id')
    .innerJoin('companies', 'companies.id', 'activities.company_id')
    .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
    .selectAll('activities')
    .select(['employees.name as employee_name', 'companies.name as company_name', 'contacts.name as contact_name'])
    .where(companyVisibleTo(actor, 'activities.company_id'));
}
export type ActivityRow = Awaited<ReturnType<ReturnType<typeof selectActivities>['executeTakeFirstOrThrow']>>;

export type ActivityFilter = {
  actor: Actor;
  companyId?: number | undefined;
  employeeId?: number | undefined;
  contactId?: number | undefined;
  type?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listActivities(db: Kysely<DB>, options: ActivityFilter & PageRequest) {
  let qb = selectActivities(db, options.actor);
  if (options.companyId !== undefined) qb = qb.where('activities.company_id', '=', options.companyId);
  if (options.employeeId !== undefined) qb = qb.where('activities.employee_id', '=', options.employeeId);
  if (options.contactId !== undefined) qb = qb.where('activities.contact_id', '=', options.contactId);
  if (options.type) qb = qb.where('activities.type', '=', options.type);
  if (options.from) qb = qb.where('activities.occurred_at', '>=', new Date(options.from));
  if (options.to) qb = qb.where('activities.occurred_at', '<', new Date(options.to));
  if (!options.includeArchived) qb = qb.where('activities.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 'activities.id', sortKey: SORT_KEYS[options.sort] });
}

export const findActivity = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  selectActivities(db, actor).where('activities.id', '=', id).executeTakeFirst();

export const findContact = (db: Kysely<DB>, { id }: { id: number }) =>
  db.selectFrom('contacts').select(['id', 'company_id']).where('id', '=', id).executeTakeFirst();

export const employeeExists = async (db: Kysely<DB>, { id }: { id: number }) =>
  Boolean(await db.selectFrom('employees').select('id').where('id', '=', id).executeTakeFirst());

export type ActivityValues = {
  type?: string;
  employee_id?: number;
  company_id?: number;
  contact_id?: number | null;
  occurred_at?: Date;
  direction?: string | null;
  summary?: string;
  archived_at?: Date | null;
};

export const insertActivity = (
  db: Kysely<DB>,
  { values }: { values: ActivityValues & { type: string; employee_id: number; company_id: number } },
) => db.insertInto('activities').values(values).returning('id').executeTakeFirstOrThrow();

export const updateActivity = (db: Kysely<DB>, { id, values }: { id: number; values: ActivityValues }) =>
  db
    .updateTable('activities')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
