import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import type { Actor, Role } from '../../domain/actor.js';
import { type ChainBreak, GENESIS_HASH, entryBody, verifyRun } from '../../domain/audit-chain.js';
import { forbidden } from '../../domain/errors.js';
import * as repo from './audit.repository.js';
import type { AuditEntryView, AuditListQuery } from './audit.schema.js';

export type AuditEntry = {
  actorId: number | null;
  action: string;
  companyId?: number | null;
  entity?: string;
  entityId?: number | string | null;
  details?: Record<string, unknown>;
};

/** The row and canonical JSON of an entry, stamped now (or at `at`, for a batch), for appendEntry or appendEntrySql. */
export function prepareAudit(entry: AuditEntry, at: Date = new Date()): repo.PreparedEntry {
  // Round-trip the details through JSON so the hashed value is exactly what jsonb will give back.
  const details: unknown = JSON.parse(JSON.stringify(entry.details ?? {}));
  const row = {
    at,
    actorId: entry.actorId,
    action: entry.action,
    companyId: entry.companyId ?? null,
    entity: entry.entity ?? null,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    details,
  };
  return { ...row, body: entryBody(row) };
}

/**
 * Appends one entry to the hash chain in one statement (the chain's lock is held to the end of the
 * transaction). Pass the caller's `trx` so the entry commits or rolls back with the change it records.
 */
export async function appendAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await repo.appendEntry(db, prepareAudit(entry));
}

export type VerifyResult = {
  ok: boolean;
  checked: number;
  lastId: number | null;
  firstBroken: ChainBreak | null;
};

/** Walks the whole chain in id order, a batch at a time, and reports the first broken entry. */
export async function verifyChain(db: Kysely<DB>, { batchSize = 1000 }: { batchSize?: number } = {}): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await repo.chainBatch(db, { afterId, limit: batchSize });
    if (!rows.length) return { ok: true, checked, lastId: afterId || null, firstBroken: null };
    const entries = rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      companyId: r.company_id,
      entity: r.entity,
      entityId: r.entity_id,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const run = verifyRun(prev, entries);
    if (run.broken) {
      const brokenAt = entries.findIndex((e) => e.id === run.broken?.id);
      return { ok: false, checked: checked + brokenAt, lastId: entries[brokenAt - 1]?.id ?? (afterId || null), firstBroken: run.broken };
    }
    checked += entries.length;
    prev = run.lastHash;
    afterId = entries[entries.length - 1]!.id;
  }
}

// The trail is evidence about everyone, heads of sales included: only the director and admins read it.
const READERS: readonly Role[] = ['director', 'admin'];
const assertReader = (actor: Actor) => {
  if (!READERS.includes(actor.role)) throw forbidden('Only the director and admins can read the audit trail');
};

/** Newest first, filtered by employee, action, client and period. */
export async function listAudit(ctx: AppContext, actor: Actor, query: AuditListQuery) {
  assertReader(actor);
  const page = await fetchPage(repo.listQuery(ctx.db, query), { cursor: query.cursor, limit: query.limit, dir: 'desc', sortColumn: 'audit_log.id', idColumn: 'audit_log.id' });
  const items: AuditEntryView[] = page.items.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    companyId: r.company_id,
    companyName: r.company_name,
    entity: r.entity,
    entityId: r.entity_id,
    details: (r.details ?? {}) as Record<string, unknown>,
    hash: r.hash,
  }));
  return { items, nextCursor: page.nextCursor };
}

export async function verifyAudit(ctx: AppContext, actor: Actor): Promise<VerifyResult> {
  assertReader(actor);
  return verifyChain(ctx.db);
}
