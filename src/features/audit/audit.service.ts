import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { GENESIS_HASH, entryHash, verifyRun } from '../../domain/audit-chain.js';
import * as repo from './audit.repository.js';

export type AuditEntry = {
  actorId: number | null;
  action: string;
  companyId?: number | null;
  entity?: string;
  entityId?: number | string | null;
  details?: Record<string, unknown>;
};

/**
 * Appends one entry to the hash chain. Pass the caller's `trx` so the entry commits or rolls back
 * with the change it records; given a plain Kysely it opens its own transaction for the lock.
 */
export async function appendAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, entry));
  await repo.lockChain(db);
  const prevHash = (await repo.lastHash(db))?.hash ?? GENESIS_HASH;
  // Round-trip the details through JSON so the hashed value is exactly what jsonb will give back.
  const details: unknown = JSON.parse(JSON.stringify(entry.details ?? {}));
  const row = {
    at: new Date(),
    actorId: entry.actorId,
    action: entry.action,
    companyId: entry.companyId ?? null,
    entity: entry.entity ?? null,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    details,
  };
  await repo.insertEntry(db, { ...row, prevHash, hash: entryHash(prevHash, row) });
}

export type VerifyResult = {
  ok: boolean;
  checked: number;
  lastId: number | null;
  firstBroken: { id: number; reason: string } | null;
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
