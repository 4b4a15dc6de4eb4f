import { type Kysely, sql } from 'kysely';
import { executePrepared } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { RolePolicyColumns } from '../../db/schema/security.js';

const ACTOR_COLUMNS = ['employees.id', 'employees.name', 'employees.email', 'employees.role'] as const;

/** role_policies row as stored (snake_case jsonb); null when the role has no row. */
export type PolicyJson = RolePolicyColumns | null;

// The role's access policy comes with the actor in the same statement: no extra query per request.
const policyOfEmployee = sql<PolicyJson>`(select to_jsonb(rp) from role_policies rp where rp.role = employees.role)`.as('policy');

export const findEmployeeForLogin = (db: Kysely<DB>, { email }: { email: string }) =>
  db
    .selectFrom('employees')
    .select([...ACTOR_COLUMNS, 'password_hash', 'status', 'archived_at', policyOfEmployee])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();

export const insertSession = (db: Kysely<DB>, row: { tokenHash: string; employeeId: number; expiresAt: Date }) =>
  db
    .insertInto('sessions')
    .values({ token_hash: row.tokenHash, employee_id: row.employeeId, expires_at: row.expiresAt })
    .execute();

export const revokeSession = (db: Kysely<DB>, { tokenHash }: { tokenHash: string }) =>
  db.updateTable('sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash).execute();

// A credential is live only while it is unrevoked, unexpired and its employee has not departed.
// The session check runs on every request, so it is prepared once per connection (see PREPARED_MARK).
export const findActorBySession = async (db: Kysely<DB>, { tokenHash }: { tokenHash: string }) => {
  const query = db
    .selectFrom('sessions')
    .innerJoin('employees', 'employees.id', 'sessions.employee_id')
    .select([...ACTOR_COLUMNS, 'sessions.expires_at', policyOfEmployee])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', new Date())
    .where('employees.status', '<>', 'departed')
    .where('employees.archived_at', 'is', null);
  return (await executePrepared(db, query))[0];
};

export const findActorByApiToken = (db: Kysely<DB>, { tokenHash }: { tokenHash: string }) =>
  db
    .updateTable('api_tokens')
    .from('employees')
    .set({ last_used_at: new Date() })
    .whereRef('employees.id', '=', 'api_tokens.employee_id')
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('employees.status', '<>', 'departed')
    .where('employees.archived_at', 'is', null)
    .returning([...ACTOR_COLUMNS, policyOfEmployee])
    .executeTakeFirst();

export const insertApiToken = (db: Kysely<DB>, row: { tokenHash: string; employeeId: number; name: string }) =>
  db
    .insertInto('api_tokens')
    .values({ token_hash: row.tokenHash, employee_id: row.employeeId, name: row.name })
    .returning(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();

export const listApiTokens = (db: Kysely<DB>, { employeeId }: { employeeId: number }) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('employee_id', '=', employeeId)
    .orderBy('id')
    .execute();

export const revokeApiToken = (db: Kysely<DB>, { id, employeeId }: { id: number; employeeId: number }) =>
  db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('employee_id', '=', employeeId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

/** Ends every session and token of an employee at once (departure). */
export async function revokeAllCredentials(db: Kysely<DB>, { employeeId }: { employeeId: number }) {
  const now = new Date();
  await db.updateTable('sessions').set({ revoked_at: now }).where('employee_id', '=', employeeId).where('revoked_at', 'is', null).execute();
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('employee_id', '=', employeeId).where('revoked_at', 'is', null).execute();
}
