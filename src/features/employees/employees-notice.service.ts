import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { DomainError, forbidden, notFound } from '../../domain/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { revokeAllCredentials } from '../auth/auth.repository.js';
import type { NoticeBody, NoticeResult } from './employees-notice.schema.js';
import * as repo from './employees.repository.js';
import { getEmployee } from './employees.service.js';

/**
 * An employee hands in their notice: status becomes `departing`. When they leave for a competitor
 * the notice period is the riskiest time, so their sessions and tokens die in the same transaction
 * and the password is cleared: they cannot log back in (management can set a new one if needed).
 */
export async function giveNotice(ctx: AppContext, actor: Actor, id: number, input: NoticeBody): Promise<NoticeResult> {
  if (!isManagement(actor)) throw forbidden('Only management records a notice');
  if (id === actor.id) throw forbidden('You cannot record your own notice; ask another manager');
  const notice = await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findEmployee(trx, { id, forUpdate: true });
    if (!current) throw notFound('Employee', id);
    if (current.status === 'departed') throw new DomainError('conflict', `Employee ${id} has already departed`);
    const row = await trx
      .insertInto('employee_notices')
      .values({ employee_id: id, to_competitor: input.toCompetitor, last_day: input.lastDay ?? null, note: input.note ?? null, created_by: actor.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (current.status !== 'departing') {
      await repo.updateEmployee(trx, { id, values: { status: 'departing' } });
      await repo.insertStatusChange(trx, { employeeId: id, fromStatus: current.status, toStatus: 'departing', changedBy: actor.id });
    }
    if (input.toCompetitor) {
      await revokeAllCredentials(trx, { employeeId: id });
      await repo.updateEmployee(trx, { id, values: { password_hash: null } });
    }
    await appendAudit(trx, {
      actorId: actor.id,
      action: 'employee.notice',
      entity: 'employee',
      entityId: id,
      details: { toCompetitor: input.toCompetitor, lastDay: input.lastDay ?? null, from: current.status, credentialsRevoked: input.toCompetitor },
    });
    return row;
  });
  return {
    employee: await getEmployee(ctx, id),
    notice: { id: notice.id, toCompetitor: notice.to_competitor, lastDay: notice.last_day, note: notice.note, createdAt: notice.created_at.toISOString() },
    credentialsRevoked: notice.to_competitor,
  };
}
