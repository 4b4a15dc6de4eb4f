// Opaque keyset cursor: the sort value and id of the last row of a page.
export type Cursor = { v: string | number | null; id: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.v, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'number') return null;
    const v: unknown = parsed[0];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null;
    return { v, id: parsed[1] };
  } catch {
    return null;
  }
}
