import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Actor, seesAllClients } from '../../domain/actor.js';

// The one definition of "clients this employee may see", used by every list and read so that
// hidden rows never leak through another entity's endpoint.
export function companyVisibleTo(actor: Actor, companyIdColumn: string) {
  if (seesAllClients(actor)) return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from account_team at where at.company_id = ${sql.ref(companyIdColumn)} and at.employee_id = ${actor.id} and at.until is null)`;
}

export async function canSeeCompany(db: Kysely<DB>, actor: Actor, companyId: number): Promise<boolean> {
  const row = await db
    .selectFrom('companies')
    .select('id')
    .where('id', '=', companyId)
    .where(companyVisibleTo(actor, 'companies.id'))
    .executeTakeFirst();
  return Boolean(row);
}
