import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { canSeeCompany } from './access.repository.js';

// A client outside one's portfolio answers 404, exactly like one that does not exist,
// so ids cannot be probed.
export async function assertCompanyVisible(db: Kysely<DB>, actor: Actor, companyId: number): Promise<void> {
  if (!(await canSeeCompany(db, actor, companyId))) throw notFound('Company', companyId);
}

/** For a company referenced from a request body: a 400 naming the field, never a hint it exists. */
export async function assertCompanyReference(db: Kysely<DB>, actor: Actor, companyId: number, field = 'companyId'): Promise<void> {
  if (!(await canSeeCompany(db, actor, companyId))) throw invalidField(field, `no company ${companyId} that you can access`);
}
