import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';

/** The role's export columns of role_policies (read fresh, so a changed policy applies at once). */
export const findExportPolicy = (db: Kysely<DB>, { role }: { role: string }) =>
  db.selectFrom('role_policies').select(['export_allowed', 'export_row_limit', 'export_approval_above']).where('role', '=', role).executeTakeFirst();

function selectRequests(db: Kysely<DB>) {
  return db
    .selectFrom('export_requests')
    .innerJoin('employees as requester', 'requester.id', 'export_requests.employee_id')
    .leftJoin('employees as decider', 'decider.id', 'export_requests.decided_by')
    .selectAll('export_requests')
    .select(['requester.name as employee_name', 'decider.name as decided_by_name']);
}
export type ExportRequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

export type RequestFilter = { onlyEmployeeId?: number | undefined; status?: string | undefined; employeeId?: number | undefined; entity?: string | undefined };

export function listRequests(db: Kysely<DB>, options: RequestFilter & PageRequest) {
  let qb = selectRequests(db);
  if (options.onlyEmployeeId !== undefined) qb = qb.where('export_requests.employee_id', '=', options.onlyEmployeeId);
  if (options.employeeId !== undefined) qb = qb.where('export_requests.employee_id', '=', options.employeeId);
  if (options.status) qb = qb.where('export_requests.status', '=', options.status);
  if (options.entity) qb = qb.where('export_requests.entity', '=', options.entity);
  return fetchPage(qb, { ...options, sortColumn: 'export_requests.created_at', idColumn: 'export_requests.id' });
}

export const findRequest = (db: Kysely<DB>, { id, forUpdate = false }: { id: number; forUpdate?: boolean }) => {
  const qb = selectRequests(db).where('export_requests.id', '=', id);
  return (forUpdate ? qb.forUpdate('export_requests') : qb).executeTakeFirst();
};

export const insertRequest = (
  db: Kysely<DB>,
  { values }: { values: { employee_id: number; entity: string; format: string | null; filters: string; row_count: number; reason: string } },
) => db.insertInto('export_requests').values(values).returning('id').executeTakeFirstOrThrow();

export const decideRequest = (db: Kysely<DB>, { id, status, deciderId, note }: { id: number; status: 'approved' | 'rejected'; deciderId: number; note: string | null }) =>
  db.updateTable('export_requests').set({ status, decided_by: deciderId, decided_at: new Date(), decision_note: note }).where('id', '=', id).execute();

/**
 * Uses up one approved request of this employee that covers the export (the given one, or the
 * newest that fits). The UPDATE ... WHERE status = 'approved' makes two simultaneous exports
 * unable to spend the same approval.
 */
export async function claimApprovedRequest(
  db: Kysely<DB>,
  o: { employeeId: number; entity: string; rowCount: number; requestId?: number | undefined; validDays: number },
) {
  let candidate = db
    .selectFrom('export_requests')
    .select('id')
    .where('employee_id', '=', o.employeeId)
    .where('entity', '=', o.entity)
    .where('status', '=', 'approved')
    .where('row_count', '>=', o.rowCount)
    .where('decided_at', '>', sql<Date>`now() - make_interval(days => ${o.validDays})`)
    .orderBy('decided_at', 'desc')
    .limit(1);
  if (o.requestId !== undefined) candidate = candidate.where('id', '=', o.requestId);
  const row = await candidate.executeTakeFirst();
  if (!row) return null;
  const claimed = await db
    .updateTable('export_requests')
    .set({ status: 'used', used_at: new Date() })
    .where('id', '=', row.id)
    .where('status', '=', 'approved')
    .returning('id')
    .executeTakeFirst();
  return claimed?.id ?? null;
}

export const pendingRequestFor = (db: Kysely<DB>, { employeeId, entity }: { employeeId: number; entity: string }) =>
  db
    .selectFrom('export_requests')
    .select(['id', 'row_count'])
    .where('employee_id', '=', employeeId)
    .where('entity', '=', entity)
    .where('status', '=', 'pending')
    .orderBy('id', 'desc')
    .executeTakeFirst();
