import { AUTH_CHANNEL, type Database } from '../../db/database.js';
import type { Actor } from '../../domain/actor.js';

// Every request checks its session, and that check was a database round trip of its own before the
// request's real work (at concurrency 8 on two cores, a sixth of an HTTP search's wall time; on
// PGlite a query on the one thread everything else runs on). Live sessions are kept here instead,
// and the database says when any of them may have changed: a statement that revokes or expires a
// session, or changes an employee's status, archive mark, role, name or email, or a role's policy,
// sends NOTIFY hf_auth (migration 2026-11-24T0500_auth_notify), and every server process empties its
// whole cache when it hears one. Safe by construction rather than by timing:
// - nothing is served from memory unless the listener is known to be up (a lost connection empties
//   the cache and every request reads the database until listening again);
// - a read that overlapped an invalidation is not kept (generation counter);
// - an entry lives at most MAX_AGE_MS and never past its session's expiry, which bounds what a
//   change made with triggers switched off could leave behind.
// A change committed by another process takes effect when its NOTIFY arrives, normally well under a
// millisecond after the commit; one made through this process before the statement that made it
// returns (the pool's connections listen too, see POOL_CHANNELS).
export const MAX_AGE_MS = 60_000;
export const MAX_ENTRIES = 10_000;
const RETRY_MS = { first: 1_000, max: 30_000 };

export type LiveSession = { actor: Actor; expiresAt: Date };
type Entry = { actor: Actor; until: number };
type Listen = (onNotify: () => void, onLost: (error: Error) => void) => Promise<() => Promise<void>>;
export type SessionCacheOptions = { maxAgeMs?: number; maxEntries?: number; now?: () => number };

const frozen = (actor: Actor): Actor => Object.freeze({ ...actor, policy: Object.freeze({ ...actor.policy }) });

export class SessionCache {
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };
  #entries = new Map<string, Entry>();
  #generation = 0;
  #live = false;
  #stopped = false;
  #unlisten: (() => Promise<void>) | null = null;
  #retry: NodeJS.Timeout | null = null;
  #retryMs = RETRY_MS.first;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(
    private readonly listen: Listen,
    options: SessionCacheOptions = {},
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? MAX_AGE_MS;
    this.#maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.#now = options.now ?? Date.now;
  }

  /**
   * A cache listening on the database's auth channel; it starts offline if it cannot listen yet.
   * Switched off (HOLDFAST_SESSION_CACHE=off: a transaction-pooling PgBouncer in front of the server,
   * where LISTEN does not work), it never listens and every session is read from the database.
   */
  static async start(database: Database, options: SessionCacheOptions & { enabled?: boolean } = {}): Promise<SessionCache> {
    const cache = new SessionCache((onNotify, onLost) => database.listen(AUTH_CHANNEL, onNotify, onLost), options);
    if (options.enabled ?? true) await cache.connect();
    return cache;
  }

  /** True while the listener is up: only then are sessions served from memory. */
  get live() {
    return this.#live;
  }

  get size() {
    return this.#entries.size;
  }

  /** The session's actor, from memory when it is there and fresh, else from `read` (the database). */
  async actor(tokenHash: string, read: () => Promise<LiveSession | undefined>): Promise<Actor | null> {
    const now = this.#now();
    const entry = this.#entries.get(tokenHash);
    if (entry && this.#live && now < entry.until) {
      this.stats.hits++;
      return entry.actor;
    }
    if (entry) this.#entries.delete(tokenHash);
    this.stats.misses++;
    const generation = this.#generation;
    const session = await read();
    if (!session) return null;
    const actor = frozen(session.actor);
    if (this.#live && generation === this.#generation) {
      if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
      this.#entries.set(tokenHash, { actor, until: Math.min(session.expiresAt.getTime(), now + this.#maxAgeMs) });
    }
    return actor;
  }

  /** Forgets every session (a NOTIFY, a lost listener); reads in flight are not kept either. */
  invalidate() {
    this.#generation++;
    this.#entries.clear();
    this.stats.invalidations++;
  }

  /** Forgets one session at once (revoked by this process, before its NOTIFY comes back). */
  forget(tokenHash: string) {
    this.#generation++;
    this.#entries.delete(tokenHash);
  }

  async connect() {
    if (this.#stopped) return;
    try {
      const unlisten = await this.listen(
        () => this.invalidate(),
        () => this.#lost(),
      );
      if (this.#stopped) return void (await unlisten());
      this.#unlisten = unlisten;
      this.#retryMs = RETRY_MS.first;
      // Anything read before now was read unheard: start empty.
      this.invalidate();
      this.#live = true;
    } catch {
      this.#scheduleRetry();
    }
  }

  #lost() {
    this.#live = false;
    this.#unlisten = null;
    this.invalidate();
    this.#scheduleRetry();
  }

  #scheduleRetry() {
    if (this.#stopped) return;
    this.#retry = setTimeout(() => void this.connect(), this.#retryMs);
    this.#retry.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MS.max);
  }

  async stop() {
    this.#stopped = true;
    this.#live = false;
    if (this.#retry) clearTimeout(this.#retry);
    this.invalidate();
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    await unlisten?.();
  }
}
