import type { Kysely } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';

export type NewAlert = { kind: string; employeeId: number; day?: string; evidence: Record<string, unknown> };

/**
 * Raises an alert unless one of the same kind already exists for that employee and day
 * (returns null then): jobs and services may re-run without duplicating alerts. Pass the trx.
 */
export const raiseAlert = async (db: Kysely<DB>, alert: NewAlert) =>
  (await db
    .insertInto('security_alerts')
    .values({ kind: alert.kind, employee_id: alert.employeeId, evidence: JSON.stringify(alert.evidence), ...(alert.day ? { day: alert.day } : {}) })
    .onConflict((oc) => oc.columns(['kind', 'employee_id', 'day']).doNothing())
    .returning(['id', 'kind', 'employee_id', 'day'])
    .executeTakeFirst()) ?? null;

function selectAlerts(db: Kysely<DB>) {
  return db
    .selectFrom('security_alerts')
    .innerJoin('employees as subject', 'subject.id', 'security_alerts.employee_id')
    .leftJoin('employees as reviewer', 'reviewer.id', 'security_alerts.reviewed_by')
    .selectAll('security_alerts')
    .select(['subject.name as employee_name', 'reviewer.name as reviewed_by_name']);
}
export type AlertRow = Awaited<ReturnType<ReturnType<typeof selectAlerts>['executeTakeFirstOrThrow']>>;

export type AlertFilter = { viewerId: number; status?: string | undefined; kind?: string | undefined; employeeId?: number | undefined };

// Nobody sees or decides alerts about themselves.
export function listAlerts(db: Kysely<DB>, options: AlertFilter & PageRequest) {
  let qb = selectAlerts(db).where('security_alerts.employee_id', '<>', options.viewerId);
  if (options.status) qb = qb.where('security_alerts.status', '=', options.status);
  if (options.kind) qb = qb.where('security_alerts.kind', '=', options.kind);
  if (options.employeeId !== undefined) qb = qb.where('security_alerts.employee_id', '=', options.employeeId);
  return fetchPage(qb, { ...options, sortColumn: 'security_alerts.created_at', idColumn: 'security_alerts.id' });
}

export const findAlert = (db: Kysely<DB>, { id, viewerId, forUpdate = false }: { id: number; viewerId: number; forUpdate?: boolean }) => {
  const qb = selectAlerts(db).where('security_alerts.id', '=', id).where('security_alerts.employee_id', '<>', viewerId);
  return (forUpdate ? qb.forUpdate('security_alerts') : qb).executeTakeFirst();
};

export const decideAlert = (db: Kysely<DB>, { id, status, reason, reviewerId }: { id: number; status: 'reviewed' | 'dismissed'; reason: string | null; reviewerId: number }) =>
  db.updateTable('security_alerts').set({ status, reason, reviewed_by: reviewerId, reviewed_at: new Date() }).where('id', '=', id).execute();

/** Which metrics each employee was already alerted about since `fromDay` (a slow drop is reported once a week, not daily). */
export const recentAlertMetrics = (db: Kysely<DB>, { kind, fromDay, beforeDay }: { kind: string; fromDay: string; beforeDay: string }) =>
  db
    .selectFrom('security_alerts')
    .select(['employee_id', 'evidence'])
    .where('kind', '=', kind)
    .where('day', '>=', fromDay)
    .where('day', '<', beforeDay)
    .execute();
