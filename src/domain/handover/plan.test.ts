import { describe, expect, it } from 'vitest';
import { toMinor } from '../money.js';
import { type Candidate, type ClientToPlace, planClients } from './plan.js';
import { DEFAULT_RULES, renderTemplate, tenureMonths, unknownPlaceholders } from './rules.js';
import { fallbackSuccessor, planSeats } from './seats.js';

const ASOF = '2026-11-23';
const veteran = (id: number, name = `Veteran ${id}`): Candidate => ({ id, name, role: 'account_manager', hiredOn: '2022-03-01' });
const newcomer = (id: number, name = `Newcomer ${id}`): Candidate => ({ id, name, role: 'account_manager', hiredOn: '2026-09-01' });
const client = (companyId: number, revenue: string, abc: 'A' | 'B' | 'C', over: Partial<ClientToPlace> = {}): ClientToPlace => ({
  companyId,
  name: `Client ${companyId}`,
  revenue,
  abc,
  keyAccountCandidate: false,
  knownBy: [],
  ...over,
});

// A portfolio shaped like a real one: a few big A clients, more B, many small C.
function portfolio(): ClientToPlace[] {
  const out: ClientToPlace[] = [];
  let id = 1;
  for (let i = 0; i < 8; i++) out.push(client(id++, `${900_000 + i * 37_000}.00`, 'A'));
  for (let i = 0; i < 24; i++) out.push(client(id++, `${120_000 + i * 3_100}.50`, 'B'));
  for (let i = 0; i < 60; i++) out.push(client(id++, `${5_000 + i * 211}.00`, 'C'));
  return out;
}

const successorOf = (plan: ReturnType<typeof planClients>, companyId: number) => plan.clients.find((c) => c.companyId === companyId)?.successorId;

describe('planClients', () => {
  it('never gives an A client to a newcomer and gives every client a successor with a reason', () => {
    const candidates = [veteran(1), veteran(2), veteran(3), newcomer(4)];
    const clients = portfolio();
    const plan = planClients({ clients, candidates, rules: DEFAULT_RULES, asOf: ASOF });
    expect(plan.clients).toHaveLength(clients.length);
    for (const a of plan.clients) {
      expect(a.successorId).not.toBeNull();
      expect(a.reason.length).toBeGreaterThan(20);
    }
    for (const c of clients.filter((c) => c.abc === 'A')) expect(successorOf(plan, c.companyId)).not.toBe(4);
    // The newcomer still takes a fair share of the count.
    expect(plan.loads.find((l) => l.successorId === 4)?.clients).toBeGreaterThan(10);
    expect(plan.clients.find((c) => c.companyId === 1)?.reason).toMatch(/^A client \(900 000\.00 revenue in 12 months\) goes to Veteran \d, an experienced manager \(4 years here\)/);
  });

  it('balances client count and revenue within 15% when the portfolio allows it', () => {
    const candidates = [veteran(1), veteran(2), veteran(3), veteran(4), newcomer(5)];
    const plan = planClients({ clients: portfolio(), candidates, rules: DEFAULT_RULES, asOf: ASOF });
    expect(plan.balance.count.withinTolerance).toBe(true);
    expect(plan.balance.revenue.withinTolerance).toBe(true);
    const revs = plan.loads.map((l) => Number(toMinor(l.revenue)));
    expect(Math.max(...revs)).toBeLessThanOrEqual(Math.min(...revs) * 1.15);
    const counts = plan.loads.map((l) => l.clients);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(Math.max(1, Math.floor(Math.max(...counts) * 0.15)));
    expect(plan.warnings).toEqual([]);
  });

  it('prefers the backup who already knows the client, and says so', () => {
    const candidates = [veteran(1), veteran(2), veteran(3)];
    const clients = portfolio().map((c) => (c.companyId === 2 ? { ...c, knownBy: [{ employeeId: 3, how: 'interactions' as const }, { employeeId: 2, how: 'backup' as const }] } : c));
    const plan = planClients({ clients, candidates, rules: DEFAULT_RULES, asOf: ASOF });
    expect(successorOf(plan, 2)).toBe(2);
    expect(plan.clients.find((c) => c.companyId === 2)?.reason).toContain('already backs this client up');
  });

  it('does not let knowledge overload one successor: balance wins when one person knows everyone', () => {
    const candidates = [veteran(1), veteran(2), veteran(3)];
    const clients = portfolio().map((c) => ({ ...c, knownBy: [{ employeeId: 1, how: 'team' as const }] }));
    const plan = planClients({ clients, candidates, rules: DEFAULT_RULES, asOf: ASOF });
    expect(plan.balance.count.withinTolerance).toBe(true);
    expect(plan.balance.revenue.withinTolerance).toBe(true);
    expect(plan.loads.find((l) => l.successorId === 1)?.clients).toBeLessThan(40);
  });

  it('sends key-account candidates to key-account managers when there is one', () => {
    const kam: Candidate = { id: 9, name: 'Kam', role: 'key_account_manager', hiredOn: '2020-01-01' };
    const clients = [...portfolio(), client(500, '10000.00', 'C', { keyAccountCandidate: true })];
    const plan = planClients({ clients, candidates: [veteran(1), veteran(2), kam], rules: DEFAULT_RULES, asOf: ASOF });
    expect(successorOf(plan, 500)).toBe(9);
    expect(plan.clients.find((c) => c.companyId === 500)?.reason).toContain('key-account manager');
  });

  it('leaves A clients without a successor, with a warning, when only newcomers were chosen', () => {
    const plan = planClients({ clients: portfolio(), candidates: [newcomer(1), newcomer(2)], rules: DEFAULT_RULES, asOf: ASOF });
    expect(plan.clients.filter((c) => c.successorId === null)).toHaveLength(8);
    expect(plan.clients.find((c) => c.companyId === 1)?.reason).toContain('at least 6 months');
    expect(plan.warnings[0]).toMatch(/8 A client\(s\) have no successor/);
  });

  it('honours a configured tenure: with 48 months required, a 4-year veteran is not enough', () => {
    const plan = planClients({ clients: portfolio(), candidates: [veteran(1), { ...veteran(2), hiredOn: '2018-01-01' }], rules: { ...DEFAULT_RULES, minTenureMonths: 60 }, asOf: ASOF });
    for (const c of plan.clients.filter((_, i) => i < 8)) expect(c.successorId).toBe(2);
  });

  it('reports, rather than hides, a revenue imbalance it cannot fix (one client bigger than all others)', () => {
    const clients = [client(1, '1000000.00', 'A'), client(2, '10.00', 'C'), client(3, '10.00', 'C')];
    const plan = planClients({ clients, candidates: [veteran(1), veteran(2)], rules: DEFAULT_RULES, asOf: ASOF });
    expect(plan.balance.revenue.withinTolerance).toBe(false);
    expect(plan.warnings.some((w) => w.startsWith('Revenue differs'))).toBe(true);
  });

  it('plans 10k clients over 20 successors quickly', () => {
    const clients: ClientToPlace[] = Array.from({ length: 10_000 }, (_, i) =>
      client(i + 1, `${Math.floor(1e7 / (i + 1))}.00`, i < 300 ? 'A' : i < 2000 ? 'B' : 'C', { knownBy: i % 3 ? [] : [{ employeeId: (i % 20) + 1, how: 'team' }] }),
    );
    const candidates = Array.from({ length: 20 }, (_, i) => (i < 15 ? veteran(i + 1) : newcomer(i + 1)));
    const started = performance.now();
    const plan = planClients({ clients, candidates, rules: DEFAULT_RULES, asOf: ASOF });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(plan.clients.every((c) => c.successorId !== null)).toBe(true);
    expect(plan.balance.count.withinTolerance).toBe(true);
  });
});

describe('planSeats and fallbackSuccessor', () => {
  it('gives a seat to someone who knows the client but never to someone already holding that role there', () => {
    const seats = planSeats({
      seats: [{ seatId: 7, companyId: 3, companyName: 'Romashka', role: 'backup', knownBy: [{ employeeId: 1, how: 'team' }], holders: [1] }],
      candidates: [veteran(1), veteran(2)],
      clientCounts: new Map(),
    });
    expect(seats[0]).toMatchObject({ seatId: 7, successorId: 2 });
    expect(seats[0]?.reason).toBe('The backup seat at Romashka passes to Veteran 2, who has the lightest load among the successors.');
  });

  it('picks the successor with the fewest clients as the fallback', () => {
    expect(fallbackSuccessor([veteran(1), veteran(2)], new Map([[1, 5], [2, 3]]))?.id).toBe(2);
    expect(fallbackSuccessor([], new Map())).toBeNull();
  });
});

describe('rules', () => {
  it('counts tenure in whole months', () => {
    expect(tenureMonths('2026-05-23', '2026-11-23')).toBe(6);
    expect(tenureMonths('2026-05-24', '2026-11-23')).toBe(5);
    expect(tenureMonths('2027-01-01', '2026-11-23')).toBe(0);
  });

  it('fills known placeholders and names unknown ones', () => {
    expect(renderTemplate('{client}: {successor} replaces {departing}. {offer}', { client: 'Romashka', successor: 'Ann', departing: 'Bob', offer: '5% off' })).toBe(
      'Romashka: Ann replaces Bob. 5% off',
    );
    expect(unknownPlaceholders('Hello {clinet}, {successor}')).toEqual(['clinet']);
  });
});
