import type { AppContext } from '../../app-context.js';
import { type Actor, type ClientScope, FALLBACK_POLICY, isManagement, type Role, type RolePolicy } from '../../domain/actor.js';
import { forbidden } from '../../domain/errors.js';
import type { RolePolicyColumns } from '../../db/schema/security.js';
import { appendAudit } from '../audit/audit.service.js';
import type { RolePolicyUpdate, RolePolicyView } from './policies.schema.js';
import * as repo from './policies.repository.js';

/** A role_policies row (or its jsonb form) as the domain type; no row means the narrowest policy. */
export function toRolePolicy(row: RolePolicyColumns | null | undefined): RolePolicy {
  if (!row) return FALLBACK_POLICY;
  return {
    clientScope: row.client_scope as ClientScope,
    maskPhones: row.mask_phones,
    maskEmails: row.mask_emails,
    revealDailyLimit: row.reveal_daily_limit,
    exportAllowed: row.export_allowed,
    exportRowLimit: row.export_row_limit,
    exportApprovalAbove: row.export_approval_above,
  };
}

const toView = (row: repo.PolicyRow): RolePolicyView => ({
  role: row.role as Role,
  ...toRolePolicy(row),
  updatedAt: row.updated_at.toISOString(),
  updatedBy: row.updated_by,
});

export async function listPolicies(ctx: AppContext, actor: Actor): Promise<RolePolicyView[]> {
  if (!isManagement(actor)) throw forbidden('Only management can read access policies');
  return (await repo.listPolicies(ctx.db)).map(toView);
}

// Admin only: a policy change widens or narrows what a whole role sees, so it is audited with
// the values before and after. Sessions pick the new policy up on their next request.
export async function updatePolicy(ctx: AppContext, actor: Actor, role: Role, input: RolePolicyUpdate): Promise<RolePolicyView> {
  if (actor.role !== 'admin') throw forbidden('Only an admin can change access policies');
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findPolicy(trx, { role, forUpdate: true });
    const before = toRolePolicy(current);
    const after: RolePolicy = { ...before, ...input };
    await repo.upsertPolicy(trx, {
      role,
      updatedBy: actor.id,
      values: {
        client_scope: after.clientScope,
        mask_phones: after.maskPhones,
        mask_emails: after.maskEmails,
        reveal_daily_limit: after.revealDailyLimit,
        export_allowed: after.exportAllowed,
        export_row_limit: after.exportRowLimit,
        export_approval_above: after.exportApprovalAbove,
      },
    });
    await appendAudit(trx, { actorId: actor.id, action: 'policy.update', entity: 'role_policy', entityId: role, details: { before, after } });
  });
  const row = await repo.findPolicy(ctx.db, { role });
  return toView(row!);
}
