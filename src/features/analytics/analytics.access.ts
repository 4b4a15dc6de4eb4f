import { type Actor, isManagement, type Role } from '../../domain/actor.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import { addMonths, monthKey } from '../../domain/analytics/dates.js';
import { forbidden, invalidField } from '../../domain/errors.js';

// Who may read what: company-wide analytics are for management (by role); the two lists that help a
// manager work their own portfolio (churn risk, key-account candidates) are open to account
// managers, restricted to the clients their access policy lets them see.
const PORTFOLIO_READERS: readonly Role[] = ['account_manager', 'key_account_manager'];

export function assertManagement(actor: Actor) {
  if (!isManagement(actor)) throw forbidden('Company-wide analytics are for the director, the head of sales and admins');
}

export function assertPortfolioReader(actor: Actor) {
  if (!isManagement(actor) && !PORTFOLIO_READERS.includes(actor.role)) {
    throw forbidden('This list is for management and account managers');
  }
}

/** Analytics lists page by rank: the cursor carries the rank (and id) of the last item shown. */
export function afterRank(cursor: string | undefined): number {
  if (!cursor) return 0;
  const c = decodeCursor(cursor);
  if (!c || typeof c.v !== 'number' || !Number.isInteger(c.v) || c.v < 0) throw invalidField('cursor', 'is not a cursor this API produced');
  return c.v;
}

/** Trims the extra row fetched to detect a next page and returns the cursor to it. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => { rank: number; id: number }): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || !last) return { items, nextCursor: null };
  const k = key(last);
  return { items, nextCursor: encodeCursor({ v: k.rank, id: k.id }) };
}

/** The last 12 complete months before today's month, as first days of months. */
export function revenueWindow(today: string) {
  return { from: addMonths(today, -12), to: addMonths(today, -1) };
}

export const windowDto = (w: { from: string; to: string }) => ({ from: monthKey(w.from), to: monthKey(w.to) });
