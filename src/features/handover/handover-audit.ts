import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { GENESIS_HASH, linkHash } from '../../domain/audit-chain.js';
import { lastHash, lockChain, type PreparedEntry } from '../audit/audit.repository.js';
import { type AuditEntry, prepareAudit } from '../audit/audit.service.js';

const CHUNK = 10_000;

/** An entry serialised for the chain, everything but the link to the previous entry. */
export type PreparedAudit = PreparedEntry & { detailsJson: string };

/**
 * The serialising half of appendAuditMany, which needs no lock: a caller may run it while the
 * database works on something else.
 */
export const prepareAuditMany = (entries: readonly AuditEntry[], at: Date): PreparedAudit[] =>
  entries.map((e) => {
    const p = prepareAudit(e, at);
    return { ...p, detailsJson: JSON.stringify(p.details) };
  });

/**
 * appendAudit for many entries at once: the same lock and hash chain, linked in one pass here and
 * inserted a chunk at a time in order, so a 10k-client handover writes its audit trail in a few
 * statements and verifyChain still walks it link by link. Must run inside the caller's transaction.
 * A batch is stamped with one time (prepareAuditMany's `at`).
 */
export async function appendPreparedAudit(db: Kysely<DB>, prepared: readonly PreparedAudit[]): Promise<number> {
  const at = prepared[0]?.at;
  if (!at) return 0;
  if (!db.isTransaction) throw new Error('appendAuditMany must run inside the transaction of the changes it records');
  await lockChain(db);
  let prev = (await lastHash(db))?.hash ?? GENESIS_HASH;
  // Each chunk's statement is sent before the next chunk is linked and serialised, so the database
  // inserts one chunk while this process prepares the next (the connection runs them in order).
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < prepared.length; start += CHUNK) {
    const chunk = prepared.slice(start, start + CHUNK);
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const p of chunk) {
      const hash = linkHash(prev, p.body);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    // ORDER BY the ordinality so identity ids follow the chain order the verifier walks.
    const sent = sql`
      insert into audit_log (at, actor_id, action, company_id, entity, entity_id, details, prev_hash, hash)
      select ${at}, u.actor_id, u.action, u.company_id, u.entity, u.entity_id, u.details::jsonb, u.prev_hash, u.hash
      from unnest(${chunk.map((p) => p.actorId)}::int[], ${chunk.map((p) => p.action)}::text[], ${chunk.map((p) => p.companyId)}::int[],
                  ${chunk.map((p) => p.entity)}::text[], ${chunk.map((p) => p.entityId)}::text[], ${chunk.map((p) => p.detailsJson)}::text[],
                  ${prevs}::text[], ${hashes}::text[])
           with ordinality as u(actor_id, action, company_id, entity, entity_id, details, prev_hash, hash, n)
      order by u.n`.execute(db);
    sent.catch(() => undefined); // awaited in turn below; a failure must not surface as unhandled meanwhile
    await inFlight;
    inFlight = sent;
    await statementSent();
  }
  await inFlight;
  return prepared.length;
}

/** One turn of the event loop: a query just started has been written to the server's socket. */
export const statementSent = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Serialise, link and insert a batch of entries in the caller's transaction. */
export function appendAuditMany(db: Kysely<DB>, entries: readonly AuditEntry[]): Promise<number> {
  return appendPreparedAudit(db, prepareAuditMany(entries, new Date()));
}
