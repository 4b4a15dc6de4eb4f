import type { AppContext } from '../../app-context.js';
import type { Actor, Role } from '../../domain/actor.js';
import { DomainError, forbidden, invalidField, notFound } from '../../domain/errors.js';
import { decideExport } from '../../domain/export-policy.js';
import { appendAudit } from '../audit/audit.service.js';
import * as repo from './export-control.repository.js';
import type { ExportRequest, ExportRequestCreate, ExportRequestListQuery } from './export-control.schema.js';
import { exportPolicyOf } from './export-control.service.js';

// The head of sales approves large exports; the director may too. Nobody approves their own.
const APPROVERS: readonly Role[] = ['head_of_sales', 'director'];
const isApprover = (actor: Actor) => APPROVERS.includes(actor.role);

export function toExportRequestDto(row: repo.ExportRequestRow): ExportRequest {
  return {
    id: row.id,
    employeeId: row.employee_id,
    employeeName: row.employee_name,
    entity: row.entity,
    format: row.format,
    filters: (row.filters ?? {}) as Record<string, unknown>,
    rowCount: row.row_count,
    reason: row.reason,
    status: row.status as ExportRequest['status'],
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    usedAt: row.used_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function createExportRequest(ctx: AppContext, actor: Actor, input: ExportRequestCreate): Promise<ExportRequest> {
  const decision = decideExport(await exportPolicyOf(ctx.db, actor), input.rowCount);
  if (decision.kind === 'forbidden') {
    if (decision.reason === 'not_allowed') throw forbidden(decision.message);
    throw invalidField('rowCount', decision.message);
  }
  if (decision.kind === 'allowed') throw invalidField('rowCount', 'an export of this size needs no approval: export it directly');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertRequest(trx, {
      values: { employee_id: actor.id, entity: input.entity, format: input.format ?? null, filters: JSON.stringify(input.filters), row_count: input.rowCount, reason: input.reason },
    });
    await appendAudit(trx, { actorId: actor.id, action: 'export_request.create', entity: 'export_request', entityId: row.id, details: { entity: input.entity, rowCount: input.rowCount } });
    return row.id;
  });
  return getExportRequest(ctx, actor, id);
}

/** Approvers see everyone's requests (pending first is `?status=pending`); others see their own. */
export async function listExportRequests(ctx: AppContext, actor: Actor, query: ExportRequestListQuery) {
  const page = await repo.listRequests(ctx.db, { ...query, onlyEmployeeId: isApprover(actor) ? undefined : actor.id });
  return { items: page.items.map(toExportRequestDto), nextCursor: page.nextCursor };
}

export async function getExportRequest(ctx: AppContext, actor: Actor, id: number): Promise<ExportRequest> {
  const row = await repo.findRequest(ctx.db, { id });
  if (!row || (!isApprover(actor) && row.employee_id !== actor.id)) throw notFound('Export request', id);
  return toExportRequestDto(row);
}

export async function decideExportRequest(ctx: AppContext, actor: Actor, id: number, decision: { status: 'approved' | 'rejected'; note: string | null }) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.findRequest(trx, { id, forUpdate: true });
    if (!row || (!isApprover(actor) && row.employee_id !== actor.id)) throw notFound('Export request', id);
    if (!isApprover(actor)) throw forbidden('Only the head of sales or the director approves exports');
    if (row.employee_id === actor.id) throw forbidden('You cannot decide your own export request; another approver must');
    if (row.status !== 'pending') throw new DomainError('conflict', `Export request ${id} is already ${row.status}`);
    await repo.decideRequest(trx, { id, status: decision.status, deciderId: actor.id, note: decision.note });
    await appendAudit(trx, {
      actorId: actor.id,
      action: decision.status === 'approved' ? 'export_request.approve' : 'export_request.reject',
      entity: 'export_request',
      entityId: id,
      details: { employeeId: row.employee_id, entity: row.entity, rowCount: row.row_count, note: decision.note },
    });
  });
  return getExportRequest(ctx, actor, id);
}
