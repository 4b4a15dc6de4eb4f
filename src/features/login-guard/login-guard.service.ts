import type { AppContext } from '../../app-context.js';
import { DomainError, RateLimitedError } from '../../domain/errors.js';
import { ACCOUNT_RULE, ADDRESS_RULE, stricter, throttle } from '../../domain/login-throttle.js';
import { appendAudit } from '../audit/audit.service.js';
import { login } from '../auth/auth.service.js';
import * as repo from './login-guard.repository.js';

const WINDOW_MS = Math.max(ACCOUNT_RULE.windowSeconds, ADDRESS_RULE.windowSeconds) * 1000;

function refusal(locked: boolean, seconds: number) {
  const wait = locked ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return new RateLimitedError(
    locked ? `Too many failed logins: login is locked for ${wait}` : `Too many failed logins: wait ${wait} before trying again`,
    seconds,
  );
}

/**
 * Login with brute-force protection per account and per address: slowed after a few failures,
 * locked after many (domain/login-throttle). The attempt is recorded before the password is
 * checked, so parallel guesses see each other; a refused attempt is not itself counted.
 */
export async function guardedLogin(ctx: AppContext, input: { email: string; password: string }, ip: string) {
  const email = input.email.trim().toLowerCase();
  const now = new Date();
  const since = new Date(now.getTime() - WINDOW_MS);
  const attempt = await repo.insertAttempt(ctx.db, { email: email.slice(0, 254), ip: ip.slice(0, 100) });
  const account = await repo.accountState(ctx.db, { email, since, excludeId: attempt.id });
  const address = await repo.addressState(ctx.db, { ip, since, excludeId: attempt.id });
  const verdict = stricter(throttle(ACCOUNT_RULE, account, now), throttle(ADDRESS_RULE, address, now));
  if (!verdict.allowed) {
    await repo.deleteAttempt(ctx.db, { id: attempt.id });
    throw refusal(verdict.locked, verdict.retryAfterSeconds);
  }
  try {
    const result = await login(ctx, input);
    await repo.markSucceeded(ctx.db, { id: attempt.id });
    return result;
  } catch (err) {
    if (!(err instanceof DomainError && err.code === 'unauthenticated')) {
      // Not a wrong password (e.g. the database failed): not a guess to count.
      await repo.deleteAttempt(ctx.db, { id: attempt.id });
    } else if (account.failures + 1 === ACCOUNT_RULE.lockAfter || address.failures + 1 === ADDRESS_RULE.lockAfter) {
      const until = new Date(Date.now() + ACCOUNT_RULE.lockSeconds * 1000).toISOString();
      const key = account.failures + 1 === ACCOUNT_RULE.lockAfter ? 'account' : 'address';
      await appendAudit(ctx.db, { actorId: null, action: 'auth.lockout', details: { email, ip, key, until } });
    }
    throw err;
  }
}
