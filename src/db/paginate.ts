import { type SelectQueryBuilder, sql } from 'kysely';
import { type Cursor, decodeCursor, encodeCursor } from '../domain/cursor.js';
import { invalidField } from '../domain/errors.js';

export type PageRequest = { cursor?: string | undefined; limit: number; dir: 'asc' | 'desc' };
export type Page<R> = { items: R[]; nextCursor: string | null };

// Keyset pagination on (sort column, id): stable under inserts and fast at any depth, unlike OFFSET.
// `sortColumn` must be NOT NULL and `sortKey` is where that value sits in the selected row.
export async function fetchPage<DB, TB extends keyof DB, R extends { id: number }>(
  qb: SelectQueryBuilder<DB, TB, R>,
  options: PageRequest & { sortColumn: string; idColumn: string; sortKey: keyof R },
): Promise<Page<R>> {
  const { limit, dir, sortColumn, idColumn, sortKey } = options;
  let query = qb;
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    if (!cursor) throw invalidField('cursor', 'is not a cursor this API produced');
    const op = sql.raw(dir === 'asc' ? '>' : '<');
    query = query.where(() => sql<boolean>`(${sql.ref(sortColumn)}, ${sql.ref(idColumn)}) ${op} (${cursor.v}, ${cursor.id})`);
  }
  const rows = await query
    .orderBy(sql.ref(sortColumn), dir)
    .orderBy(sql.ref(idColumn), dir)
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const hasMore = rows.length > limit;
  const next: Cursor | null = hasMore && last ? { v: cursorValue(last[sortKey]), id: last.id } : null;
  return { items, nextCursor: next ? encodeCursor(next) : null };
}

function cursorValue(v: unknown): string | number | null {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string') return v;
  return null;
}
