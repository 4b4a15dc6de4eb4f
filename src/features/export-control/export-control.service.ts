import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import { decideExport, type ExportMarker, exportMarker, type ExportPolicy } from '../../domain/export-policy.js';
import { appendAudit } from '../audit/audit.service.js';
import * as repo from './export-control.repository.js';

/** An approval stays usable this long; an old approval is not a standing licence to export. */
export const APPROVAL_VALID_DAYS = 7;

type ExportActor = Pick<Actor, 'id' | 'name' | 'email' | 'role'> & { policy?: Actor['policy'] };

export async function loadExportPolicy(db: Kysely<DB>, role: string): Promise<ExportPolicy> {
  const row = await repo.findExportPolicy(db, { role });
  // No policy row: no exports, so a missing row never opens the client base.
  if (!row) return { allowed: false, rowLimit: 0, approvalAbove: null };
  return { allowed: row.export_allowed, rowLimit: row.export_row_limit, approvalAbove: row.export_approval_above };
}

/** The policy authentication loaded with the actor, or the role's row when called without one (CLI, tests). */
export const exportPolicyOf = async (db: Kysely<DB>, actor: ExportActor): Promise<ExportPolicy> =>
  actor.policy
    ? { allowed: actor.policy.exportAllowed, rowLimit: actor.policy.exportRowLimit, approvalAbove: actor.policy.exportApprovalAbove }
    : loadExportPolicy(db, actor.role);

export type ExportRequestInput = { entity: string; rowCount: number; format: 'csv' | 'xlsx'; requestId?: number | undefined };
export type ExportAuthorisation = { approved: true; marker: ExportMarker; requestId: number | null };

async function deny(ctx: AppContext, actor: ExportActor, input: ExportRequestInput, reason: string, error: DomainError): Promise<never> {
  // Refusals are evidence too: repeated attempts to pull the base show up in the trail.
  await appendAudit(ctx.db, { actorId: actor.id, action: 'export.denied', entity: input.entity, details: { entity: input.entity, format: input.format, rowCount: input.rowCount, reason } });
  throw error;
}

function approvalNeeded(input: ExportRequestInput, approvalAbove: number, pending: { id: number; row_count: number } | undefined) {
  const head = `This export has ${input.rowCount} rows; your role may export up to ${approvalAbove} rows without approval.`;
  const how = pending
    ? ` Your request #${pending.id} for ${pending.row_count} rows is waiting for the head of sales; repeat the export once it is approved.`
    : ` Ask the head of sales to approve it: POST /api/v1/export-requests {"entity":"${input.entity}","rowCount":${input.rowCount},"reason":"why you need it"}, then repeat the export once it is approved.`;
  return new DomainError('forbidden', head + how, [{ field: 'approval', message: `required above ${approvalAbove} rows` }]);
}

/**
 * May this employee export this many rows now? Answers with the marker to write into the file, or
 * throws 403 (not allowed, over the hard limit, or approval needed: the message says how to ask).
 * An approved request that covers the export is used up here, so it cannot be spent twice.
 */
export async function authoriseExport(ctx: AppContext, actor: ExportActor, input: ExportRequestInput): Promise<ExportAuthorisation> {
  const decision = decideExport(await exportPolicyOf(ctx.db, actor), input.rowCount);
  let requestId: number | null = null;
  if (decision.kind === 'forbidden') return deny(ctx, actor, input, decision.reason, forbidden(decision.message));
  if (decision.kind === 'needs_approval') {
    requestId = await repo.claimApprovedRequest(ctx.db, { employeeId: actor.id, entity: input.entity, rowCount: input.rowCount, requestId: input.requestId, validDays: APPROVAL_VALID_DAYS });
    if (requestId === null) {
      const pending = await repo.pendingRequestFor(ctx.db, { employeeId: actor.id, entity: input.entity });
      return deny(ctx, actor, input, 'approval_required', approvalNeeded(input, decision.approvalAbove, pending));
    }
  }
  const marker = exportMarker({ name: actor.name, email: actor.email, at: new Date(), ref: randomBytes(4).toString('hex') });
  return { approved: true, marker, requestId };
}

/** Writes the export to the audit trail with its row count (the departure signals sum these). */
export function recordExport(
  db: Kysely<DB>,
  actor: ExportActor | null,
  input: { entity: string; format: string; rowCount: number; marker?: ExportMarker | null; requestId?: number | null; via?: string },
) {
  return appendAudit(db, {
    actorId: actor?.id ?? null,
    action: 'export.run',
    entity: input.entity,
    details: {
      entity: input.entity,
      format: input.format,
      rowCount: input.rowCount,
      requestId: input.requestId ?? null,
      ref: input.marker?.ref ?? null,
      via: input.via ?? (actor ? 'api' : 'cli'),
    },
  });
}
