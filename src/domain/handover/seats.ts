import { type Candidate, type Knower, strongestFirst } from './plan.js';
import { explained, type Params, type ReasonCode } from './reasons.js';

export type SeatToPlace = {
  seatId: number;
  companyId: number;
  companyName: string;
  role: string;
  knownBy: Knower[];
  /** Employees already holding this role at this company: they cannot take a second such seat. */
  holders: number[];
};
/** `reason` is the English sentence rendered from `reasonCode` and `reasonParams`. */
export type SeatAssignment = { seatId: number; successorId: number | null; reason: string; reasonCode: ReasonCode; reasonParams: Params };

/**
 * Seats the person holds in other owners' account teams (backup, service, ...): each goes to a
 * successor who already knows that client, else to the one with the fewest clients and seats.
 */
export function planSeats(o: { seats: readonly SeatToPlace[]; candidates: readonly Candidate[]; clientCounts: ReadonlyMap<number, number> }): SeatAssignment[] {
  const load = new Map(o.candidates.map((c) => [c.id, o.clientCounts.get(c.id) ?? 0]));
  const names = new Map(o.candidates.map((c) => [c.id, c.name]));
  return o.seats.map((seat) => {
    const seatReason = (code: ReasonCode, params: Params) => explained({ code, params: { role: seat.role, company: seat.companyName, ...params } });
    const free = o.candidates.filter((c) => !seat.holders.includes(c.id));
    if (!free.length) return { seatId: seat.seatId, successorId: null, ...seatReason('seat_no_successor', {}) };
    const knower = strongestFirst(seat.knownBy).map((k) => free.find((c) => c.id === k.employeeId)).find((c) => c !== undefined);
    const pick = knower ?? free.reduce((a, b) => ((load.get(b.id) ?? 0) < (load.get(a.id) ?? 0) ? b : a));
    load.set(pick.id, (load.get(pick.id) ?? 0) + 1);
    return { seatId: seat.seatId, successorId: pick.id, ...seatReason(knower ? 'seat_knows' : 'seat_lightest', { successor: names.get(pick.id) ?? '' }) };
  });
}

/** Where items tied to no handed-over client go (a task without a client, say): the successor with the fewest clients. */
export function fallbackSuccessor(candidates: readonly Candidate[], clientCounts: ReadonlyMap<number, number>): Candidate | null {
  if (!candidates.length) return null;
  return candidates.reduce((a, b) => ((clientCounts.get(b.id) ?? 0) < (clientCounts.get(a.id) ?? 0) ? b : a));
}
