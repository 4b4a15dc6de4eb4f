import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { findContact } from '../contacts/contacts.repository.js';
import { raiseAlert } from '../signals/alerts.repository.js';
import * as repo from './reveals.repository.js';
import type { RevealBody, RevealResult } from './reveals.schema.js';

/** Today's date (YYYY-MM-DD) in the company's time zone: the day the reveal limit counts. */
export const dayIn = (timeZone: string, at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * Shows a masked phone list or email list in clear, for a stated reason. Each reveal is logged and
 * audited; past the role's daily limit it is refused, and the head of sales gets a security alert
 * (once per employee and day) when the limit is used up.
 */
export async function revealContact(ctx: AppContext, actor: Actor, contactId: number, input: RevealBody): Promise<RevealResult> {
  const contact = await findContact(ctx.db, { id: contactId, actor });
  if (!contact) throw notFound('Contact', contactId);
  const values = contact[input.field];
  const masked = input.field === 'phones' ? actor.policy.maskPhones : actor.policy.maskEmails;
  if (!masked) return { contactId, field: input.field, values, remainingToday: null };

  const limit = actor.policy.revealDailyLimit;
  const day = dayIn(ctx.config.timeZone);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    await repo.lockEmployee(trx, { employeeId: actor.id });
    const used = await repo.countRevealsOnDay(trx, { employeeId: actor.id, day, timeZone: ctx.config.timeZone });
    const audit = { actorId: actor.id, companyId: contact.company_id, entity: 'contact', entityId: contactId };
    const evidence = { limit, day, lastContactId: contactId, lastCompanyId: contact.company_id };
    if (used >= limit) {
      // The refusal is committed (audit + alert) before the error goes back to the caller.
      await appendAudit(trx, { ...audit, action: 'contact.reveal_denied', details: { field: input.field, reason: input.reason, used, limit } });
      await raiseAlert(trx, { kind: 'reveal_limit', employeeId: actor.id, day, evidence: { ...evidence, used } });
      return { allowed: false as const };
    }
    await repo.insertReveal(trx, { employeeId: actor.id, contactId, field: input.field, reason: input.reason });
    await appendAudit(trx, { ...audit, action: 'contact.reveal', details: { field: input.field, reason: input.reason, count: values.length } });
    if (used + 1 >= limit) await raiseAlert(trx, { kind: 'reveal_limit', employeeId: actor.id, day, evidence: { ...evidence, used: used + 1 } });
    return { allowed: true as const, remaining: limit - used - 1 };
  });
  if (!outcome.allowed) {
    throw forbidden(`Daily reveal limit reached (${limit} per day for your role); the head of sales has been notified. Try again tomorrow or ask your manager.`);
  }
  return { contactId, field: input.field, values, remainingToday: outcome.remaining };
}
