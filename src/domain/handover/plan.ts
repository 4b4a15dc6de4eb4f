import { fromMinor, toMinor } from '../money.js';
import { type Balance, type Load, measureBalance } from './balance.js';
import { clientReason, explained, type Params, type ReasonCode, renderWarning, spreadParams, type Warning, type Why } from './reasons.js';
import { type HandoverRules, tenureMonths } from './rules.js';

export type AbcClass = 'A' | 'B' | 'C';
export type Candidate = { id: number; name: string; role: string; hiredOn: string };
/** How an employee already knows a client, strongest first. */
export type KnowHow = 'backup' | 'team' | 'interactions';
export type Knower = { employeeId: number; how: KnowHow };
export type ClientToPlace = { companyId: number; name: string; revenue: string; abc: AbcClass; keyAccountCandidate: boolean; knownBy: Knower[] };
/** `reason` is the English sentence rendered from `reasonCode` and `reasonParams`. */
export type ClientAssignment = { companyId: number; successorId: number | null; reason: string; reasonCode: ReasonCode; reasonParams: Params };

export type PlanInput = {
  clients: readonly ClientToPlace[];
  candidates: readonly Candidate[];
  rules: HandoverRules;
  /** The successors' first day; tenure is counted up to it. */
  asOf: string;
};
/** `warnings` are the English texts of `warningItems`, in the same order. */
export type Plan = { clients: ClientAssignment[]; loads: Load[]; balance: Balance; warnings: string[]; warningItems: Warning[] };

const KNOW_RANK: Record<KnowHow, number> = { backup: 0, team: 1, interactions: 2 };
/** The strongest acquaintance first: backup, then any other team seat, then recent interactions. */
export const strongestFirst = (knowers: readonly Knower[]) => [...knowers].sort((a, b) => KNOW_RANK[a.how] - KNOW_RANK[b.how]);

type Slot = { c: Candidate; tenure: number; experienced: boolean; kam: boolean; count: number; minor: bigint };
type Placed = { client: ClientToPlace; minor: bigint; slot: Slot | null; why: Why };

/**
 * Drafts a successor for every client: A clients only to experienced managers, key-account
 * candidates to key-account managers, someone who already knows the client when that keeps the
 * load fair, otherwise the least loaded. Then moves clients between successors until count and
 * revenue are within the tolerance, or no move helps.
 */
export function planClients(input: PlanInput): Plan {
  const { rules } = input;
  const tol = rules.loadTolerancePct / 100;
  const slots: Slot[] = input.candidates.map((c) => {
    const tenure = tenureMonths(c.hiredOn, input.asOf);
    return { c, tenure, experienced: tenure >= rules.minTenureMonths, kam: c.role === 'key_account_manager', count: 0, minor: 0n };
  });
  const byId = new Map(slots.map((s) => [s.c.id, s]));
  const placed: Placed[] = input.clients.map((client) => ({ client, minor: positive(toMinor(client.revenue)), slot: null, why: 'none' as Why }));
  const totalMinor = placed.reduce((s, p) => s + p.minor, 0n);
  const n = Math.max(1, slots.length);
  // Targets as if the load were split evenly; loads are compared as fractions of them.
  const revTarget = Number(totalMinor) / n || 1;
  const cntTarget = placed.length / n || 1;

  const allowed = (client: ClientToPlace) => allowedSlots(client, slots);
  // A and B clients carry the revenue: spread them largest first to whoever has the least revenue.
  // C clients are many and small: they even out the counts. Someone who knows the client gets it
  // while that keeps them within half the tolerance of an even share.
  const byRevenue = (x: Placed, y: Placed) => (x.minor === y.minor ? x.client.companyId - y.client.companyId : x.minor > y.minor ? -1 : 1);
  // Clients someone in the pool knows go first, so knowledge is not crowded out by the load of others.
  const known = (p: Placed) => p.client.knownBy.some((k) => byId.has(k.employeeId));
  const order = (list: Placed[]) => [...list.filter(known).sort(byRevenue), ...list.filter((p) => !known(p)).sort(byRevenue)];
  const heavy = order(placed.filter((p) => p.client.abc !== 'C'));
  const light = order(placed.filter((p) => p.client.abc === 'C'));
  const revAfter = (s: Slot, p: Placed) => Number(s.minor + p.minor) / revTarget;
  const cntAfter = (s: Slot) => (s.count + 1) / cntTarget;
  for (const [list, load] of [
    [heavy, revAfter],
    [light, cntAfter],
  ] as const) {
    for (const p of list) {
      const pool = allowed(p.client);
      if (!pool.length) continue;
      const knower = strongestFirst(p.client.knownBy)
        .map((k) => byId.get(k.employeeId))
        .find((s): s is Slot => s !== undefined && pool.includes(s) && load(s, p) <= 1 + tol / 2);
      const pick = knower ?? leastLoaded(pool, (s) => load(s, p));
      assign(p, pick, knower ? 'knows' : p.client.keyAccountCandidate && pick.kam ? 'key_account' : 'balance');
    }
  }
  rebalance(placed, slots, allowed, tol);

  const loads: Load[] = slots.map((s) => ({ successorId: s.c.id, clients: s.count, revenue: fromMinor(s.minor) }));
  const balance = measureBalance(loads.filter((l) => l.clients > 0 || slots.length <= placed.length), tol);
  const warningItems = planWarnings(placed, slots, balance, rules);
  const clients = placed.map((p) => {
    const why = clientReason({
      client: p.client,
      successor: p.slot ? { name: p.slot.c.name, tenureMonths: p.slot.tenure, kam: p.slot.kam } : null,
      why: p.why,
      knownAs: p.slot ? strongestFirst(p.client.knownBy).find((k) => k.employeeId === p.slot?.c.id)?.how : undefined,
      minTenureMonths: rules.minTenureMonths,
    });
    return { companyId: p.client.companyId, successorId: p.slot?.c.id ?? null, ...explained(why) };
  });
  return { clients, loads, balance, warnings: warningItems.map(renderWarning), warningItems };
}

const positive = (m: bigint) => (m > 0n ? m : 0n);

function assign(p: Placed, slot: Slot, why: Why) {
  if (p.slot) {
    p.slot.count -= 1;
    p.slot.minor -= p.minor;
  }
  p.slot = slot;
  p.why = why;
  slot.count += 1;
  slot.minor += p.minor;
}

function leastLoaded(pool: Slot[], score: (s: Slot) => number): Slot {
  let best = pool[0] as Slot;
  let bestScore = score(best);
  for (const s of pool.slice(1)) {
    const v = score(s);
    if (v < bestScore || (v === bestScore && (s.minor < best.minor || (s.minor === best.minor && s.count < best.count)))) {
      best = s;
      bestScore = v;
    }
  }
  return best;
}

/** Who may take this client: A only to the experienced; key-account candidates to key-account managers when there are any. */
export function allowedSlots<S extends { experienced: boolean; kam: boolean }>(client: { abc: AbcClass; keyAccountCandidate: boolean }, slots: S[]): S[] {
  const base = client.abc === 'A' ? slots.filter((s) => s.experienced) : slots;
  if (!client.keyAccountCandidate) return base;
  const kams = base.filter((s) => s.kam);
  return kams.length ? kams : base;
}

// Local repair after the greedy pass. Counts first: the smallest client moves from the busiest to
// the least busy successor. Then revenue: a larger client of the richest successor swaps with a
// smaller one of the poorest, so counts stay put. Clients held for knowledge move last. Stops when
// both are within tolerance or nothing helps.
function rebalance(placed: Placed[], slots: Slot[], allowed: (c: ClientToPlace) => Slot[], tol: number) {
  const act = slots.filter((s) => s.count > 0 || slots.length <= placed.length);
  if (act.length < 2) return;
  const holders = new Map<Slot, Set<Placed>>(act.map((s) => [s, new Set()]));
  for (const p of placed) if (p.slot) holders.get(p.slot)?.add(p);
  const allowedOf = new Map(placed.map((p) => [p, new Set(allowed(p.client))]));
  const canTake = (p: Placed, to: Slot) => allowedOf.get(p)?.has(to) ?? false;
  const largest = new Map<Slot, bigint>();
  const largestOf = (s: Slot) => {
    let m = largest.get(s);
    if (m === undefined) {
      m = 0n;
      for (const p of holders.get(s) ?? []) if (p.minor > m) m = p.minor;
      largest.set(s, m);
    }
    return m;
  };
  const move = (p: Placed, to: Slot) => {
    if (p.slot) {
      holders.get(p.slot)?.delete(p);
      largest.delete(p.slot);
    }
    holders.get(to)?.add(p);
    largest.delete(to);
    assign(p, to, 'balance');
  };
  for (let step = 0; step < Math.min(placed.length * 2, 5_000); step++) {
    const many = act.reduce((a, b) => (b.count > a.count ? b : a));
    const few = act.reduce((a, b) => (b.count < a.count ? b : a));
    if (many.count - few.count > Math.max(1, Math.floor(many.count * tol))) {
      // Counts come first (the smallest client moves, so revenue barely shifts); the swaps below then
      // repair revenue without touching counts. When only experienced managers may take A clients,
      // counts can still be even while revenue cannot.
      let best: Placed | undefined;
      let bestKey: number[] = [];
      for (const p of holders.get(many) ?? []) {
        if (!canTake(p, few)) continue;
        const key = [p.why === 'knows' ? 1 : 0, Number(p.minor)];
        if (best && !lexLess(key, bestKey)) continue;
        best = p;
        bestKey = key;
      }
      if (best) {
        move(best, few);
        continue;
      }
    }
    // One whose single largest client already exceeds the bound cannot be helped by swaps: skip it;
    // the richest may fail to find a swap, then the next richest tries.
    const poor = act.reduce((a, b) => (b.minor < a.minor ? b : a));
    const bound = Number(poor.minor) * (1 + tol);
    const richest = act.filter((s) => Number(s.minor) > bound && Number(largestOf(s)) <= bound).sort((a, b) => (a.minor > b.minor ? -1 : 1));
    if (!richest.some((rich) => swapTowards(rich, poor, bound, holders, canTake, move))) return;
  }
}

/**
 * Swaps x (rich) for y (poor) with 0 < x - y < gap, the difference nearest half the gap. A swap must
 * close at least a twentieth of what separates the rich one from the bound, so the repair ends.
 */
function swapTowards(rich: Slot, poor: Slot, bound: number, holders: Map<Slot, Set<Placed>>, canTake: (p: Placed, to: Slot) => boolean, move: (p: Placed, to: Slot) => void): boolean {
  const gap = rich.minor - poor.minor;
  const least = BigInt(Math.max(1, Math.floor((Number(rich.minor) - bound) / 20)));
  const ys = [...(holders.get(poor) ?? [])].filter((y) => canTake(y, rich)).sort((a, b) => (a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0));
  let best: { x: Placed; y: Placed; key: number[] } | null = null;
  for (const x of holders.get(rich) ?? []) {
    if (x.minor < least || !canTake(x, poor)) continue;
    // The y nearest x - gap/2, found by binary search over the sorted ys (an empty y side means a plain move).
    const want = x.minor - gap / 2n;
    let lo = 0;
    let hi = ys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ys[mid] as Placed).minor < want) lo = mid + 1;
      else hi = mid;
    }
    for (const y of [ys[lo - 1], ys[lo]]) {
      if (!y) continue;
      const diff = x.minor - y.minor;
      if (diff < least || diff >= gap) continue;
      const key = [x.why === 'knows' ? 1 : 0, Math.abs(Number(diff * 2n - gap))];
      if (!best || lexLess(key, best.key)) best = { x, y, key };
    }
  }
  if (!best) return false;
  move(best.x, poor);
  move(best.y, rich);
  return true;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

function planWarnings(placed: Placed[], slots: Slot[], balance: Balance, rules: HandoverRules): Warning[] {
  const out: Warning[] = [];
  const unplaced = placed.filter((p) => !p.slot);
  if (unplaced.length) {
    const a = unplaced.filter((p) => p.client.abc === 'A').length;
    out.push(a ? { code: 'unplaced_a', params: { count: a, minTenureMonths: rules.minTenureMonths } } : { code: 'unplaced', params: { count: unplaced.length } });
  }
  if (placed.some((p) => p.client.keyAccountCandidate) && !slots.some((s) => s.kam)) out.push({ code: 'no_key_account_manager', params: {} });
  if (!balance.count.withinTolerance) out.push({ code: 'count_spread', params: spreadParams(rules.loadTolerancePct, balance.count) });
  if (!balance.revenue.withinTolerance) out.push({ code: 'revenue_spread_unsplittable', params: spreadParams(rules.loadTolerancePct, balance.revenue) });
  return out;
}
