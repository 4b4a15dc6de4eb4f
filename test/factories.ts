import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import type { Actor, Role } from '../src/domain/actor.js';
import { innWithCheckDigits } from '../src/domain/inn.js';
import { hashPassword } from '../src/features/auth/password.js';
import { toRolePolicy } from '../src/features/policies/policies.service.js';
import type { App } from '../src/http/types.js';

let seq = 0;
const next = () => ++seq;
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery';

// Factories insert straight through SQL so each test states only what matters to it.
export async function makeEmployee(db: Kysely<DB>, over: { role?: Role; name?: string; email?: string; status?: string; managerId?: number; hiredOn?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const n = next();
  return db
    .insertInto('employees')
    .values({
      name: over.name ?? `Employee ${n}`,
      email: over.email ?? `employee${n}.${Date.now()}@test.local`,
      role: over.role ?? 'account_manager',
      status: over.status ?? 'active',
      manager_id: over.managerId ?? null,
      hired_on: over.hiredOn ?? '2024-01-15',
      password_hash: await cachedHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function validInn(n = next()): string {
  return innWithCheckDigits(String(770000000 + n).padStart(9, '0').slice(-9));
}

export async function makeCompany(db: Kysely<DB>, over: { name?: string; ownerId?: number | null; status?: string; tags?: string[]; inn?: string | null } = {}) {
  const n = next();
  const company = await db
    .insertInto('companies')
    .values({ name: over.name ?? `Company ${n}`, owner_id: over.ownerId ?? null, status: over.status ?? 'active', tags: over.tags ?? [], inn: over.inn ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (over.ownerId) {
    await db.insertInto('account_team').values({ company_id: company.id, employee_id: over.ownerId, role: 'owner' }).execute();
  }
  return company;
}

/**
 * Logs in through the real endpoint and returns the headers a browser tab would send: the session
 * cookie and the CSRF header the web app echoes from the hf_csrf cookie (needed on writes).
 */
export async function loginAs(app: App, email: string, password = TEST_PASSWORD): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hf_session');
  const csrf = res.cookies.find((c) => c.name === 'hf_csrf');
  if (!cookie || !csrf) throw new Error('no session or CSRF cookie');
  return { cookie: `hf_session=${cookie.value}`, 'x-csrf-token': csrf.value };
}

/** The Actor a service call runs as, with the role's current access policy (as authentication builds it). */
export async function actorOf(db: Kysely<DB>, e: { id: number; name: string; email: string; role: string }): Promise<Actor> {
  const policy = await db.selectFrom('role_policies').selectAll().where('role', '=', e.role).executeTakeFirst();
  return { id: e.id, name: e.name, email: e.email, role: e.role as Role, policy: toRolePolicy(policy) };
}
