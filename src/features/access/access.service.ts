import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { forbidden, invalidField, notFound } from '../../domain/errors.js';
import type { PreparedEntry } from '../audit/audit.repository.js';
import { type AuditEntry, appendAudit, prepareAudit } from '../audit/audit.service.js';
import { canSeeCompany, holdsSeat } from './access.repository.js';

// A client outside one's portfolio answers 404, exactly like one that does not exist,
// so ids cannot be probed.
export async function assertCompanyVisible(db: Kysely<DB>, actor: Actor, companyId: number): Promise<void> {
  if (!(await canSeeCompany(db, actor, companyId))) throw notFound('Company', companyId);
}

/** For a company referenced from a request body: a 400 naming the field, never a hint it exists. */
export async function assertCompanyReference(db: Kysely<DB>, actor: Actor, companyId: number, field = 'companyId'): Promise<void> {
  if (!(await canSeeCompany(db, actor, companyId))) throw invalidField(field, `no company ${companyId} that you can access`);
}

/**
 * Records that the actor opened a client card outside their own portfolio (seen through a 'team'
 * or 'all' scope without a seat): browsing other people's clients is what precedes taking them.
 */
export async function auditCardRead(db: Kysely<DB>, actor: Actor, companyId: number, via: string): Promise<void> {
  if (actor.policy.clientScope === 'own') return;
  if (await holdsSeat(db, { employeeId: actor.id, companyId })) return;
  await appendAudit(db, cardReadEntry(actor, companyId, via));
}

/**
 * The same record for a read that appends it in its own statement (the dossier): null when the
 * actor's scope is their own portfolio; the statement appends it only when the actor holds no seat.
 */
export const cardReadAudit = (actor: Actor, companyId: number, via: string): PreparedEntry | null =>
  actor.policy.clientScope === 'own' ? null : prepareAudit(cardReadEntry(actor, companyId, via));

const cardReadEntry = (actor: Actor, companyId: number, via: string): AuditEntry => ({
  actorId: actor.id,
  action: 'company.read_outside_portfolio',
  companyId,
  entity: 'company',
  entityId: companyId,
  details: { via },
});

// Seeing every client (the call centre's directory) is not owning them: outside their own seats a
// non-management 'all' scope reads but does not change the client record.
export async function assertMayChangeCompany(db: Kysely<DB>, actor: Actor, companyId: number): Promise<void> {
  if (isManagement(actor) || actor.policy.clientScope !== 'all') return;
  if (!(await holdsSeat(db, { employeeId: actor.id, companyId }))) throw forbidden('This client is outside your portfolio: you can read it but not change it');
}
