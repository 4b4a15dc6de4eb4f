import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';

// The employees an actor manages, directly or through their reports (UNION stops on a cycle).
const managedBy = (actorId: number) =>
  sql`(with recursive team(id) as (select ${actorId}::int union select e.id from employees e join team t on e.manager_id = t.id) select id from team)`;

// The one definition of "clients this employee may see", used by every list and read so that
// hidden rows never leak through another entity's endpoint. The scope comes from the role's policy.
export function companyVisibleTo(actor: Actor, companyIdColumn: string) {
  switch (actor.policy.clientScope) {
    case 'all':
      return sql<boolean>`true`;
    case 'team':
      return sql<boolean>`exists (select 1 from account_team at where at.company_id = ${sql.ref(companyIdColumn)} and at.until is null and at.employee_id in ${managedBy(actor.id)})`;
    default:
      return sql<boolean>`exists (select 1 from account_team at where at.company_id = ${sql.ref(companyIdColumn)} and at.employee_id = ${actor.id} and at.until is null)`;
  }
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

/** Whether the employee holds a current seat on the client's account team (the client is in their portfolio). */
export async function holdsSeat(db: Kysely<DB>, { employeeId, companyId }: { employeeId: number; companyId: number }): Promise<boolean> {
  const row = await db
    .selectFrom('account_team')
    .select('id')
    .where('company_id', '=', companyId)
    .where('employee_id', '=', employeeId)
    .where('until', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
