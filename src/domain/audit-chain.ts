import { createHash } from 'node:crypto';

/** The hash an audit chain starts from (prev_hash of the first entry). */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainEntry = {
  at: Date;
  actorId: number | null;
  action: string;
  companyId: number | null;
  entity: string | null;
  entityId: string | null;
  details: unknown;
};

// Keys sorted at every level so the same entry always serialises to the same bytes, whether it
// comes from the caller or back from a jsonb column (which reorders keys).
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** hash = sha256(prev_hash || canonical JSON of the entry): editing or deleting an entry breaks the next link. */
export function entryHash(prevHash: string, e: ChainEntry): string {
  const body = canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    action: e.action,
    companyId: e.companyId,
    entity: e.entity,
    entityId: e.entityId,
    details: e.details,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export type StoredChainEntry = ChainEntry & { id: number; prevHash: string; hash: string };

export type ChainBreak = { id: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' };

/** Checks a run of entries in id order, given the hash the run must continue from. */
export function verifyRun(expectedPrev: string, entries: StoredChainEntry[]): { lastHash: string; broken: ChainBreak | null } {
  let prev = expectedPrev;
  for (const e of entries) {
    if (e.prevHash !== prev) return { lastHash: prev, broken: { id: e.id, reason: 'prev_hash_mismatch' } };
    if (entryHash(e.prevHash, e) !== e.hash) return { lastHash: prev, broken: { id: e.id, reason: 'hash_mismatch' } };
    prev = e.hash;
  }
  return { lastHash: prev, broken: null };
}
