import { describe, expect, it } from 'vitest';
import { type ChainEntry, canonicalJson, entryBody, entryHash } from './audit-chain.js';

// entryBody writes the entry's canonical JSON by hand for speed; it must be byte for byte what the
// generic canonicalJson gives for the same fields, or every chain written before would stop verifying.
const generic = (e: ChainEntry) =>
  canonicalJson({ at: e.at.toISOString(), actorId: e.actorId, action: e.action, companyId: e.companyId, entity: e.entity, entityId: e.entityId, details: e.details });

const entries: ChainEntry[] = [
  { at: new Date('2026-11-23T01:02:03.456Z'), actorId: 7, action: 'handover.reassign', companyId: 12, entity: 'task', entityId: '99', details: { to: 2, from: 1, kind: 'task', handoverId: 3 } },
  { at: new Date('2026-01-01T00:00:00.000Z'), actorId: null, action: 'test', companyId: null, entity: null, entityId: null, details: {} },
  {
    at: new Date('2026-05-05T05:05:05.005Z'),
    actorId: 1,
    action: 'card "view"\n',
    companyId: 3,
    entity: 'Компания «Ёлка»',
    entityId: 'a\\b',
    details: { 'weird key"': [1, 'x', { z: true, y: null, u: undefined }], nested: { b: [], a: -0.5 }, skipped: undefined },
  },
];

describe('audit entry serialisation', () => {
  it('writes exactly the generic canonical JSON, escapes included', () => {
    for (const e of entries) expect(entryBody(e)).toBe(generic(e));
  });

  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, undefined] } })).toBe('{"a":{"c":[2,null]},"b":1}');
    expect(canonicalJson({ 'a"b': 1 })).toBe('{"a\\"b":1}');
  });

  it('chains: the same entry after another prev hash hashes differently', () => {
    const e = entries[0]!;
    expect(entryHash('0'.repeat(64), e)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash('0'.repeat(64), e)).not.toBe(entryHash('1'.repeat(64), e));
    expect(entryHash('0'.repeat(64), e)).toBe(entryHash('0'.repeat(64), { ...e, details: { handoverId: 3, kind: 'task', from: 1, to: 2 } }));
  });
});
