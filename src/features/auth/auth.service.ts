import type { AppContext } from '../../app-context.js';
import type { Actor, Role } from '../../domain/actor.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { toRolePolicy } from '../policies/policies.service.js';
import * as repo from './auth.repository.js';
import { verifyPassword } from './password.js';
import type { SessionCache } from './session-cache.js';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './tokens.js';

const badLogin = () => new DomainError('unauthenticated', 'Email or password is wrong');

export async function login(ctx: AppContext, input: { email: string; password: string }) {
  const employee = await repo.findEmployeeForLogin(ctx.db, { email: input.email });
  const passwordOk = Boolean(employee?.password_hash && (await verifyPassword(input.password, employee.password_hash)));
  if (!employee || !passwordOk || employee.status === 'departed' || employee.archived_at) {
    // Failed logins are evidence (guessing, a departed employee trying their old account).
    const reason = !employee ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'inactive';
    await appendAudit(ctx.db, { actorId: employee?.id ?? null, action: 'auth.login_failed', entity: 'employee', entityId: employee?.id ?? null, details: { email: input.email, reason } });
    throw badLogin();
  }
  const session = newSecret('');
  const expiresAt = new Date(Date.now() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, { tokenHash: hashSecret(session), employeeId: employee.id, expiresAt });
    await appendAudit(trx, { actorId: employee.id, action: 'auth.login', entity: 'employee', entityId: employee.id });
  });
  const actor: Actor = { id: employee.id, name: employee.name, email: employee.email, role: employee.role as Role, policy: toRolePolicy(employee.policy) };
  return { session, expiresAt, actor };
}

export async function logout(ctx: AppContext, { session }: { session: string }, sessions?: SessionCache) {
  const tokenHash = hashSecret(session);
  await repo.revokeSession(ctx.db, { tokenHash });
  sessions?.forget(tokenHash);
}

type ActorRow = { id: number; name: string; email: string; role: string; policy: repo.PolicyJson };
const toActor = (row: ActorRow): Actor => ({ id: row.id, name: row.name, email: row.email, role: row.role as Role, policy: toRolePolicy(row.policy) });

/**
 * The employee behind an API token or a session cookie, or null. A token is read (and stamped) every
 * time; a session is served by `sessions` when given (the server's cache, see session-cache.ts).
 */
export async function authenticate(ctx: AppContext, creds: { bearer?: string | undefined; session?: string | undefined }, sessions?: SessionCache): Promise<Actor | null> {
  if (creds.bearer) {
    const row = await repo.findActorByApiToken(ctx.db, { tokenHash: hashSecret(creds.bearer) });
    return row ? toActor(row) : null;
  }
  if (!creds.session) return null;
  const tokenHash = hashSecret(creds.session);
  const read = async () => {
    const row = await repo.findActorBySession(ctx.db, { tokenHash });
    return row ? { actor: toActor(row), expiresAt: row.expires_at } : undefined;
  };
  return sessions ? sessions.actor(tokenHash, read) : ((await read())?.actor ?? null);
}

const tokenDto = (row: { id: number; name: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }) => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export async function createApiToken(ctx: AppContext, { employeeId, name }: { employeeId: number; name: string }) {
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await repo.insertApiToken(ctx.db, { tokenHash: hashSecret(token), employeeId, name });
  return { ...tokenDto(row), token };
}

export const listApiTokens = async (ctx: AppContext, actor: Actor) =>
  (await repo.listApiTokens(ctx.db, { employeeId: actor.id })).map(tokenDto);

export async function revokeApiToken(ctx: AppContext, actor: Actor, id: number) {
  const result = await repo.revokeApiToken(ctx.db, { id, employeeId: actor.id });
  if (!result.numUpdatedRows) throw notFound('Active API token', id);
}
