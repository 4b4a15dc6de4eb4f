import { fromMinor, toMinor } from '../money.js';

// The "bus factor" of a client: how many distinct people in the company know it. The reference
// implementation of what the SQL in features/analytics computes set-based (tests compare the two).
export const DEFAULT_MIN_KNOWERS = 2;
export const DEFAULT_INTERACTION_DAYS = 180;

export type ClientKnowers = { companyId: number; revenue: string; knowers: readonly number[] };

export type Dependency = {
  total: string;
  singlePersonRevenue: string;
  nobodyRevenue: string;
  /** Share of revenue from clients exactly one person knows; null when there is no revenue. */
  singlePersonShare: number | null;
  /** Employee id -> revenue of the clients only they know ("walk-away revenue"). */
  walkAway: Map<number, string>;
};

export function dependencyOf(clients: readonly ClientKnowers[]): Dependency {
  let total = 0n;
  let single = 0n;
  let nobody = 0n;
  const walk = new Map<number, bigint>();
  for (const c of clients) {
    const revenue = toMinor(c.revenue);
    total += revenue;
    const people = new Set(c.knowers);
    if (people.size === 0) nobody += revenue;
    if (people.size !== 1) continue;
    single += revenue;
    const [only] = people as unknown as [number];
    walk.set(only, (walk.get(only) ?? 0n) + revenue);
  }
  return {
    total: fromMinor(total),
    singlePersonRevenue: fromMinor(single),
    nobodyRevenue: fromMinor(nobody),
    singlePersonShare: total > 0n ? Number(single) / Number(total) : null,
    walkAway: new Map([...walk].map(([id, v]) => [id, fromMinor(v)])),
  };
}

export const isThinlyCovered = (knowers: number, minKnowers = DEFAULT_MIN_KNOWERS) => knowers < minKnowers;
