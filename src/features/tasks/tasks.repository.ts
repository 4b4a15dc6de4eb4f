import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

// Undated tasks sort after every dated one; keyset paging needs a non-null sort value.
const NO_DUE = '9999-12-31T00:00:00.000Z';
const SORT_COLUMNS = { dueAt: 't.due_sort', createdAt: 't.created_at', id: 't.id' } as const;
const SORT_KEYS = { dueAt: 'due_sort', createdAt: 'created_at', id: 'id' } as const;

export type DueFilter = 'today' | 'overdue' | 'today_or_overdue' | 'my_day';

// A task is seen by its assignee, its creator, management, and whoever can see its company.
function taskVisibleTo(actor: Actor) {
  if (isManagement(actor)) return sql<boolean>`true`;
  return sql<boolean>`(tasks.assignee_id = ${actor.id} or tasks.created_by = ${actor.id}
    or (tasks.company_id is not null and ${companyVisibleTo(actor, 'tasks.company_id')}))`;
}

function selectTasks(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('tasks')
    .innerJoin('employees as assignee', 'assignee.id', 'tasks.assignee_id')
    .leftJoin('employees as creator', 'creator.id', 'tasks.created_by')
    .leftJoin('companies', 'companies.id', 'tasks.company_id')
    .leftJoin('deals', 'deals.id', 'tasks.deal_id')
    .selectAll('tasks')
    .select(['assignee.name as assignee_name', 'creator.name as created_by_name', 'companies.name as company_name', 'deals.title as deal_title'])
    .select(sql<Date>`coalesce(tasks.due_at, ${NO_DUE}::timestamptz)`.as('due_sort'))
    .where(taskVisibleTo(actor));
}
export type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['executeTakeFirstOrThrow']>>;

// Day boundaries in the caller's time zone, computed by the database from its own clock.
const startOfToday = (tz: string) => sql`(date_trunc('day', now() at time zone ${tz}) at time zone ${tz})`;
const startOfTomorrow = (tz: string) => sql`((date_trunc('day', now() at time zone ${tz}) + interval '1 day') at time zone ${tz})`;

function dueCondition(due: DueFilter, tz: string) {
  const today = sql`(tasks.due_at >= ${startOfToday(tz)} and tasks.due_at < ${startOfTomorrow(tz)})`;
  const overdue = sql`(tasks.status = 'open' and tasks.due_at < now())`;
  switch (due) {
    case 'today':
      return sql<boolean>`${today}`;
    case 'overdue':
      return sql<boolean>`${overdue}`;
    case 'today_or_overdue':
      return sql<boolean>`(${today} or ${overdue})`;
    case 'my_day':
      return sql<boolean>`(tasks.due_at < ${startOfTomorrow(tz)} or tasks.due_at is null)`;
  }
}

export type TaskFilter = {
  actor: Actor;
  assigneeId?: number | undefined;
  status?: string | undefined;
  companyId?: number | undefined;
  dealId?: number | undefined;
  due?: DueFilter | undefined;
  tz: string;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listTasks(db: Kysely<DB>, options: TaskFilter & PageRequest) {
  let inner = selectTasks(db, options.actor);
  if (options.assigneeId !== undefined) inner = inner.where('tasks.assignee_id', '=', options.assigneeId);
  if (options.status) inner = inner.where('tasks.status', '=', options.status);
  if (options.companyId !== undefined) inner = inner.where('tasks.company_id', '=', options.companyId);
  if (options.dealId !== undefined) inner = inner.where('tasks.deal_id', '=', options.dealId);
  if (options.due) inner = inner.where(dueCondition(options.due, options.tz));
  if (!options.includeArchived) inner = inner.where('tasks.archived_at', 'is', null);
  // Wrapped so the computed due_sort can serve as the keyset column.
  const qb = db.selectFrom(inner.as('t')).selectAll();
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 't.id', sortKey: SORT_KEYS[options.sort] });
}

export const findTask = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  selectTasks(db, actor).where('tasks.id', '=', id).executeTakeFirst();

export const findDeal = (db: Kysely<DB>, { id }: { id: number }) =>
  db.selectFrom('deals').select(['id', 'company_id']).where('id', '=', id).executeTakeFirst();

export const findAssignable = (db: Kysely<DB>, { id }: { id: number }) =>
  db
    .selectFrom('employees')
    .select('id')
    .where('id', '=', id)
    .where('status', '<>', 'departed')
    .where('archived_at', 'is', null)
    .executeTakeFirst();

export type TaskValues = {
  title?: string;
  due_at?: Date | null;
  assignee_id?: number;
  company_id?: number | null;
  deal_id?: number | null;
  origin?: string;
  created_by?: number | null;
  archived_at?: Date | null;
};

export const insertTask = (db: Kysely<DB>, { values }: { values: TaskValues & { title: string; assignee_id: number } }) =>
  db.insertInto('tasks').values(values).returning('id').executeTakeFirstOrThrow();

export const updateTask = (db: Kysely<DB>, { id, values }: { id: number; values: TaskValues }) =>
  db
    .updateTable('tasks')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();

/** Closes an open task; returns nothing when it was not open (already closed by someone). */
export const closeTask = (db: Kysely<DB>, { id, status, result }: { id: number; status: 'done' | 'cancelled'; result: string | null }) =>
  db
    .updateTable('tasks')
    .set({ status, result, completed_at: status === 'done' ? new Date() : null, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
