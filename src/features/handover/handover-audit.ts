import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { GENESIS_HASH, entryHash } from '../../domain/audit-chain.js';
import { lastHash, lockChain } from '../audit/audit.repository.js';
import type { AuditEntry } from '../audit/audit.service.js';

const CHUNK = 10_000;

/**
 * appendAudit for many entries at once: the same lock and hash chain, computed in one pass here and
 * inserted a chunk at a time in order, so a 10k-client handover writes its audit trail in a few
 * statements and verifyChain still walks it link by link. Must run inside the caller's transaction.
 */
export async function appendAuditMany(db: Kysely<DB>, entries: readonly AuditEntry[]): Promise<number> {
  if (!entries.length) return 0;
  if (!db.isTransaction) throw new Error('appendAuditMany must run inside the transaction of the changes it records');
  await lockChain(db);
  let prev = (await lastHash(db))?.hash ?? GENESIS_HASH;
  const at = new Date();
  for (let start = 0; start < entries.length; start += CHUNK) {
    const cols = { actor: [] as (number | null)[], action: [] as string[], company: [] as (number | null)[], entity: [] as (string | null)[], entityId: [] as (string | null)[], details: [] as string[], prev: [] as string[], hash: [] as string[] };
    for (const e of entries.slice(start, start + CHUNK)) {
      // JSON round trip: the hashed details are exactly what jsonb gives back to the verifier.
      const details: unknown = JSON.parse(JSON.stringify(e.details ?? {}));
      const row = {
        at,
        actorId: e.actorId,
        action: e.action,
        companyId: e.companyId ?? null,
        entity: e.entity ?? null,
        entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
        details,
      };
      const hash = entryHash(prev, row);
      cols.actor.push(row.actorId);
      cols.action.push(row.action);
      cols.company.push(row.companyId);
      cols.entity.push(row.entity);
      cols.entityId.push(row.entityId);
      cols.details.push(JSON.stringify(details));
      cols.prev.push(prev);
      cols.hash.push(hash);
      prev = hash;
    }
    // ORDER BY the ordinality so identity ids follow the chain order the verifier walks.
    await sql`
      insert into audit_log (at, actor_id, action, company_id, entity, entity_id, details, prev_hash, hash)
      select ${at}, u.actor_id, u.action, u.company_id, u.entity, u.entity_id, u.details::jsonb, u.prev_hash, u.hash
      from unnest(${cols.actor}::int[], ${cols.action}::text[], ${cols.company}::int[], ${cols.entity}::text[], ${cols.entityId}::text[],
                  ${cols.details}::text[], ${cols.prev}::text[], ${cols.hash}::text[])
           with ordinality as u(actor_id, action, company_id, entity, entity_id, details, prev_hash, hash, n)
      order by u.n`.execute(db);
  }
  return entries.length;
}
