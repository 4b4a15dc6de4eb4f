import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

export type NewJob = { kind: string; key?: string | null; payload?: Record<string, unknown>; runAt?: Date; maxAttempts?: number };

/** Queues a job; with a key, a second enqueue of the same key is a no-op (returns null). */
export const enqueueJob = (db: Kysely<DB>, job: NewJob) =>
  db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      key: job.key ?? null,
      payload: JSON.stringify(job.payload ?? {}),
      run_at: job.runAt ?? new Date(),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning(['id'])
    .executeTakeFirst();

/**
 * Keeps one recurring job (by key) coming back: queued now if new, or again once its last run
 * finished at least `everySeconds` ago; one row however long the server runs.
 */
export const enqueueRepeating = (db: Kysely<DB>, job: { kind: string; key: string; everySeconds: number }) =>
  sql`
    INSERT INTO jobs (kind, key) VALUES (${job.kind}, ${job.key})
    ON CONFLICT (key) DO UPDATE SET status = 'queued', run_at = now(), attempts = 0, finished_at = NULL
    WHERE jobs.status IN ('done', 'failed') AND jobs.finished_at <= now() - make_interval(secs => ${job.everySeconds})`.execute(db);

export type ClaimedJob = { id: number; kind: string; payload: unknown; attempts: number; max_attempts: number };

// SKIP LOCKED lets several workers (or server instances) poll the same table without taking the
// same job twice. A job left 'running' by a crashed worker is taken again once it is stale.
export async function claimNextJob(db: Kysely<DB>, { staleAfterSeconds }: { staleAfterSeconds: number }): Promise<ClaimedJob | undefined> {
  const result = await sql<ClaimedJob>`
    UPDATE jobs SET status = 'running', locked_at = now(), attempts = attempts + 1
    WHERE id = (
      SELECT id FROM jobs
      WHERE (status = 'queued' AND run_at <= now())
         OR (status = 'running' AND locked_at < now() - make_interval(secs => ${staleAfterSeconds}))
      ORDER BY run_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id::int AS id, kind, payload, attempts, max_attempts`.execute(db);
  return result.rows[0];
}

export const completeJob = (db: Kysely<DB>, { id }: { id: number }) =>
  db.updateTable('jobs').set({ status: 'done', finished_at: new Date(), locked_at: null, last_error: null }).where('id', '=', id).execute();

/** A failed attempt: queued again at `retryAt`, or 'failed' for good when out of attempts. */
export const failJob = (db: Kysely<DB>, { id, error, retryAt }: { id: number; error: string; retryAt: Date | null }) =>
  db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'queued', run_at: retryAt, locked_at: null, last_error: error.slice(0, 5000) }
        : { status: 'failed', finished_at: new Date(), locked_at: null, last_error: error.slice(0, 5000) },
    )
    .where('id', '=', id)
    .execute();

export const findJob = (db: Kysely<DB>, { key }: { key: string }) => db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
