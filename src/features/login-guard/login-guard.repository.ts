import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ThrottleState } from '../../domain/login-throttle.js';

export const insertAttempt = (db: Kysely<DB>, row: { email: string; ip: string }) =>
  db.insertInto('login_attempts').values({ email: row.email, ip: row.ip, succeeded: false }).returning('id').executeTakeFirstOrThrow();

export const markSucceeded = (db: Kysely<DB>, { id }: { id: number }) => db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', id).execute();

export const deleteAttempt = (db: Kysely<DB>, { id }: { id: number }) => db.deleteFrom('login_attempts').where('id', '=', id).execute();

type StateRow = { failures: number; last_failure_at: Date | null };
const toState = (row: StateRow | undefined): ThrottleState => ({ failures: Number(row?.failures ?? 0), lastFailureAt: row?.last_failure_at ?? null });

/** An account's failures since its last successful login, within the window (other attempts in flight count too). */
export async function accountState(db: Kysely<DB>, o: { email: string; since: Date; excludeId: number }): Promise<ThrottleState> {
  const { rows } = await sql<StateRow>`
    SELECT count(*) AS failures, max(at) AS last_failure_at FROM login_attempts
    WHERE email = ${o.email} AND NOT succeeded AND id <> ${o.excludeId}
      AND at > greatest(${o.since}::timestamptz,
                        coalesce((SELECT max(at) FROM login_attempts WHERE email = ${o.email} AND succeeded), '-infinity'))`.execute(db);
  return toState(rows[0]);
}

/** An address's failures within the window; a success does not reset it (one valid account must not launder guesses at others). */
export async function addressState(db: Kysely<DB>, o: { ip: string; since: Date; excludeId: number }): Promise<ThrottleState> {
  const { rows } = await sql<StateRow>`
    SELECT count(*) AS failures, max(at) AS last_failure_at FROM login_attempts
    WHERE ip = ${o.ip} AND NOT succeeded AND id <> ${o.excludeId} AND at > ${o.since}::timestamptz`.execute(db);
  return toState(rows[0]);
}

/** Attempts older than a day are no longer needed for throttling. */
export const pruneAttempts = (db: Kysely<DB>, { before }: { before: Date }) => db.deleteFrom('login_attempts').where('at', '<', before).execute();
