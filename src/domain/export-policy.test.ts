import { describe, expect, it } from 'vitest';
import { decideExport, exportMarker } from './export-policy.js';

describe('decideExport', () => {
  const manager = { allowed: true, rowLimit: 500, approvalAbove: 100 };

  it('lets small exports through, asks approval above the line, and refuses above the hard limit', () => {
    expect(decideExport(manager, 100)).toEqual({ kind: 'allowed' });
    expect(decideExport(manager, 101)).toEqual({ kind: 'needs_approval', approvalAbove: 100 });
    expect(decideExport(manager, 500)).toEqual({ kind: 'needs_approval', approvalAbove: 100 });
    expect(decideExport(manager, 501)).toMatchObject({ kind: 'forbidden', reason: 'over_limit', message: expect.stringContaining('at most 500 rows') });
  });

  it('refuses a role without export rights, and treats null limits as none', () => {
    expect(decideExport({ allowed: false, rowLimit: null, approvalAbove: null }, 1)).toMatchObject({ kind: 'forbidden', reason: 'not_allowed' });
    expect(decideExport({ allowed: true, rowLimit: null, approvalAbove: null }, 1_000_000)).toEqual({ kind: 'allowed' });
  });
});

describe('exportMarker', () => {
  it('names who exported and when', () => {
    const m = exportMarker({ name: 'Иван Петров', email: 'ivan@firm.ru', at: new Date('2026-11-22T10:00:00Z'), ref: 'ab12' });
    expect(m.text).toBe('Exported by Иван Петров <ivan@firm.ru> at 2026-11-22T10:00:00.000Z (ref ab12)');
  });
});
