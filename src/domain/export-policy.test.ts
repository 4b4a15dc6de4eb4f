import { describe, expect, it } from 'vitest';
import { decideExport, exportMarker, isExportMarkerRow } from './export-policy.js';

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

describe('isExportMarkerRow', () => {
  it('recognises the first comment line and the trailing row, not data that merely mentions it', () => {
    const { text } = exportMarker({ name: 'A', email: 'a@b.c', at: new Date(0), ref: 'x' });
    expect(isExportMarkerRow([`# ${text}`])).toBe(true);
    expect(isExportMarkerRow([text, '', ''])).toBe(true);
    expect(isExportMarkerRow([text, 'ООО Ромашка'])).toBe(false);
    expect(isExportMarkerRow(['ext-1', 'Exported by hand'])).toBe(false);
    expect(isExportMarkerRow([])).toBe(false);
  });
});
