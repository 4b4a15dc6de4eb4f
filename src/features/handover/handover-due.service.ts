import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { appendAudit } from '../audit/audit.service.js';
import { revokeAllCredentials } from '../auth/auth.repository.js';
import * as employees from '../employees/employees.repository.js';
import { appendAuditMany } from './handover-audit.js';
import { analyzeItems } from './handover-execute.repository.js';
import { auditEntries, settleEmployee } from './handover-execute.service.js';
import * as back from './handover-return.repository.js';
import * as repo from './handover.repository.js';
import type { RunDueResult } from './handover.schema.js';
import { assertHandoverAccess, today as todayIn } from './handover.service.js';

/**
 * What falls due by date, for a daily job (or the tick endpoint): access of people past their last
 * day ends, absences that have begun put the person on leave, absences whose return date has come
 * hand everything back. Each handover in its own transaction; running it twice does nothing more.
 */
export async function runDueHandoverActions(ctx: AppContext, today: string = todayIn(ctx)): Promise<RunDueResult> {
  const out: RunDueResult = { today, credentialsRevoked: [], departed: [], absencesStarted: [], absencesReturned: [] };

  const leaving = await ctx.db
    .selectFrom('handovers')
    .select('id')
    .where('kind', '=', 'departure')
    .where('status', '<>', 'cancelled')
    .where((eb) => eb.or([eb('credentials_revoked_at', 'is', null), eb.exists(eb.selectFrom('employees').select('id').whereRef('employees.id', '=', 'handovers.employee_id').where('status', '<>', 'departed'))]))
    .where('last_day', '<', today)
    .orderBy('id')
    .execute();
  for (const { id } of leaving) {
    await ctx.db.transaction().execute(async (trx) => {
      const h = await repo.findHandover(trx, { id, forUpdate: true });
      if (!h || h.status === 'cancelled' || !h.last_day || h.last_day >= today) return;
      if (!h.credentials_revoked_at) {
        await revokeAllCredentials(trx, { employeeId: h.employee_id });
        await repo.updateHandover(trx, { id, values: { credentials_revoked_at: new Date() } });
        out.credentialsRevoked.push(id);
      }
      if (h.employee_status !== 'departed') {
        await employees.updateEmployee(trx, { id: h.employee_id, values: { status: 'departed' } });
        await employees.insertStatusChange(trx, { employeeId: h.employee_id, fromStatus: h.employee_status, toStatus: 'departed', changedBy: null });
        out.departed.push(h.employee_id);
      }
      await appendAudit(trx, { actorId: null, action: 'handover.access_ended', entity: 'handover', entityId: id, details: { employeeId: h.employee_id, lastDay: h.last_day } });
    });
  }

  const absences = await ctx.db
    .selectFrom('handovers')
    .innerJoin('employees', 'employees.id', 'handovers.employee_id')
    .select(['handovers.id', 'handovers.absent_to', 'employees.status'])
    .where('handovers.kind', '=', 'absence')
    .where('handovers.status', '=', 'executed')
    .where('handovers.absent_from', '<=', today)
    .orderBy('handovers.id')
    .execute();
  for (const a of absences) {
    if (a.absent_to !== null && a.absent_to <= today) {
      out.absencesReturned.push(await returnAbsence(ctx, a.id, null));
    } else if (a.status === 'active') {
      await ctx.db.transaction().execute(async (trx) => {
        const h = await repo.findHandover(trx, { id: a.id, forUpdate: true });
        if (h) await settleEmployee(trx, { h, today, actorId: null });
      });
      out.absencesStarted.push(a.id);
    }
  }
  return out;
}

/** POST /handovers/run-due: the same as of the real today, for management or an external scheduler. */
export async function runDueAsActor(ctx: AppContext, actor: Actor) {
  assertHandoverAccess(actor);
  return runDueHandoverActions(ctx);
}

/** Gives everything of an absence back in one transaction; what the cover no longer holds stays. */
export async function returnAbsence(ctx: AppContext, id: number, actorId: number | null) {
  return ctx.db.transaction().execute(async (trx) => {
    const h = await repo.findHandover(trx, { id, forUpdate: true });
    if (!h || h.status !== 'executed' || h.kind !== 'absence') return { handoverId: id, returned: 0, kept: 0 };
    await analyzeItems(trx);
    const moved = {
      client: await back.returnOwned(trx, { handoverId: id, kind: 'client' }),
      seat: await back.returnSeats(trx, { handoverId: id }),
      deal: await back.returnOwned(trx, { handoverId: id, kind: 'deal' }),
      task: await back.returnOwned(trx, { handoverId: id, kind: 'task' }),
      order: await back.returnOwned(trx, { handoverId: id, kind: 'order' }),
    };
    const kept = await back.markKept(trx, { handoverId: id });
    const entries = Object.entries(moved).flatMap(([kind, rows]) => auditEntries(actorId, 'handover.return', id, kind, rows));
    const returned = entries.length;
    entries.push({ actorId, action: 'handover.absence_end', entity: 'handover', entityId: id, details: { returned, kept } });
    await appendAuditMany(trx, entries);
    await repo.updateHandover(trx, { id, values: { status: 'returned', returned_at: new Date() } });
    if (h.employee_status === 'on_leave') {
      await employees.updateEmployee(trx, { id: h.employee_id, values: { status: 'active' } });
      await employees.insertStatusChange(trx, { employeeId: h.employee_id, fromStatus: 'on_leave', toStatus: 'active', changedBy: actorId });
    }
    return { handoverId: id, returned, kept };
  });
}
