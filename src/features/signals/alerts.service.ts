import type { AppContext } from '../../app-context.js';
import type { Actor, Role } from '../../domain/actor.js';
import { DomainError, forbidden, notFound } from '../../domain/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { closeTask } from '../tasks/tasks.repository.js';
import * as repo from './alerts.repository.js';
import type { Alert, AlertListQuery } from './signals.schema.js';

const READERS: readonly Role[] = ['director', 'head_of_sales', 'admin'];
// Admins keep the system running; judging a colleague's behaviour is management's call.
const DECIDERS: readonly Role[] = ['director', 'head_of_sales'];

const assertReader = (actor: Actor) => {
  if (!READERS.includes(actor.role)) throw forbidden('Only the director, heads of sales and admins see security alerts');
};

export function toAlertDto(row: repo.AlertRow): Alert {
  return {
    id: row.id,
    kind: row.kind,
    employeeId: row.employee_id,
    employeeName: row.employee_name,
    day: row.day,
    status: row.status as Alert['status'],
    reason: row.reason,
    evidence: (row.evidence ?? {}) as Record<string, unknown>,
    createdAt: row.created_at.toISOString(),
    reviewedBy: row.reviewed_by,
    reviewedByName: row.reviewed_by_name,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
  };
}

export async function listAlerts(ctx: AppContext, actor: Actor, query: AlertListQuery) {
  assertReader(actor);
  const page = await repo.listAlerts(ctx.db, { ...query, viewerId: actor.id });
  return { items: page.items.map(toAlertDto), nextCursor: page.nextCursor };
}

export async function getAlert(ctx: AppContext, actor: Actor, id: number) {
  assertReader(actor);
  const row = await repo.findAlert(ctx.db, { id, viewerId: actor.id });
  if (!row) throw notFound('Alert', id);
  return toAlertDto(row);
}

/** open -> reviewed (looked into), open|reviewed -> dismissed (not a concern, with the reason why). */
export async function decideAlert(ctx: AppContext, actor: Actor, id: number, decision: { status: 'reviewed' | 'dismissed'; reason: string | null }) {
  assertReader(actor);
  if (!DECIDERS.includes(actor.role)) throw forbidden('Only the director and heads of sales decide security alerts');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findAlert(trx, { id, viewerId: actor.id, forUpdate: true });
    if (!row) throw notFound('Alert', id);
    const allowed = decision.status === 'reviewed' ? row.status === 'open' : row.status !== 'dismissed';
    if (!allowed) throw new DomainError('conflict', `Alert ${id} is already ${row.status}`);
    await repo.decideAlert(trx, { id, status: decision.status, reason: decision.reason, reviewerId: actor.id });
    const result = `Alert ${decision.status} by ${actor.name}${decision.reason ? `: ${decision.reason}` : ''}`.slice(0, 5000);
    for (const taskId of row.task_ids) await closeTask(trx, { id: taskId, status: 'done', result });
    await appendAudit(trx, {
      actorId: actor.id,
      action: decision.status === 'reviewed' ? 'security_alert.review' : 'security_alert.dismiss',
      entity: 'security_alert',
      entityId: id,
      details: { employeeId: row.employee_id, kind: row.kind, reason: decision.reason },
    });
  });
  return getAlert(ctx, actor, id);
}
