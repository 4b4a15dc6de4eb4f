import { type SelectQueryBuilder, sql } from 'kysely';
import { type Cursor, decodeCursor, encodeCursor } from '../domain/cursor.js';
import { invalidField } from '../domain/errors.js';

export type PageRequest = { cursor?: string | undefined; limit: number; dir: 'asc' | 'desc' };
export type Page<R> = { items: R[]; nextCursor: string | null };

const SORT_VALUE = '__page_sort_value';

// Keyset pagination on (sort column, id): stable under inserts and fast at any depth, unlike OFFSET.
// `sortColumn` must be NOT NULL. The cursor keeps the sort value as PostgreSQL's own text form, so
// microsecond timestamps and exact numerics survive the round trip (a JS Date would drop them).
export async function fetchPage<DB, TB extends keyof DB, R extends { id: number }>(
  qb: SelectQueryBuilder<DB, TB, R>,
  options: PageRequest & { sortColumn: string; idColumn: string; sortKey?: keyof R },
): Promise<Page<R>> {
  const { limit, dir, sortColumn, idColumn } = options;
  let query = qb;
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    if (!cursor) throw invalidField('cursor', 'is not a cursor this API produced');
    const op = sql.raw(dir === 'asc' ? '>' : '<');
    query = query.where(() => sql<boolean>`(${sql.ref(sortColumn)}, ${sql.ref(idColumn)}) ${op} (${cursor.v}, ${cursor.id})`);
  }
  const rows = (await query
    .select(sql<string>`${sql.ref(sortColumn)}::text`.as(SORT_VALUE))
    .orderBy(sql.ref(sortColumn), dir)
    .orderBy(sql.ref(idColumn), dir)
    .limit(limit + 1)
    .execute()) as Array<R & { [SORT_VALUE]: string }>;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next: Cursor | null = rows.length > limit && last ? { v: last[SORT_VALUE], id: last.id } : null;
  const items = page.map(({ [SORT_VALUE]: _sort, ...row }) => row as unknown as R);
  return { items, nextCursor: next ? encodeCursor(next) : null };
}
