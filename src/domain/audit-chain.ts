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
  // Plain loops rather than map/filter/join: a 100k-entry handover serialises every entry here.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${quoteKey(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

const SIMPLE_KEY = /^[A-Za-z0-9_]+$/;
const quoteKey = (k: string) => (SIMPLE_KEY.test(k) ? `"${k}"` : JSON.stringify(k));

/** The canonical JSON of an entry: canonicalJson of its fields, written out in sorted key order directly. */
export function entryBody(e: ChainEntry): string {
  const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  const num = (v: number | null) => (v === null ? 'null' : JSON.stringify(v));
  return (
    `{"action":${str(e.action)},"actorId":${num(e.actorId)},"at":"${e.at.toISOString()}","companyId":${num(e.companyId)},` +
    `"details":${canonicalJson(e.details)},"entity":${str(e.entity)},"entityId":${str(e.entityId)}}`
  );
}

/** hash = sha256(prev_hash || canonical JSON of the entry): editing or deleting an entry breaks the next link. */
export function entryHash(prevHash: string, e: ChainEntry): string {
  return linkHash(prevHash, entryBody(e));
}

/** The link itself, for a caller that already holds the entry's body (a batch serialised ahead). */
export const linkHash = (prevHash: string, body: string): string => createHash('sha256').update(prevHash).update(body).digest('hex');

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
