import { describe, expect, it } from 'vitest';
import { type Candidate, planClients } from './plan.js';
import { clientReason, REASON_CODES, renderReason, renderWarning, SQL_REASONS, WARNING_CODES } from './reasons.js';
import { DEFAULT_RULES } from './rules.js';
import { planSeats } from './seats.js';

// The API's English sentences come only from code + params: these pin the sentences a head of
// sales has been reading (and external clients may match on), and check the plan's `reason` and
// `warnings` are exactly the rendering of its codes.

const client = { abc: 'A' as const, revenue: '1234567.00', keyAccountCandidate: false };
const ivanova = { name: 'Ivanova A.', tenureMonths: 40, kam: false };

describe('reason codes to English', () => {
  it('renders each client reason from its code and parameters', () => {
    const knows = clientReason({ client, successor: ivanova, why: 'knows', knownAs: 'backup', minTenureMonths: 6 });
    expect(knows).toEqual({
      code: 'client_knows',
      params: { abc: 'A', revenue: '1234567.00', keyAccountCandidate: false, successor: 'Ivanova A.', tenureMonths: 40, knownAs: 'backup' },
    });
    expect(renderReason(knows)).toBe('A client (1 234 567.00 revenue in 12 months) goes to Ivanova A., an experienced manager (3 years here), who already backs this client up.');

    const b = { ...client, abc: 'B' as const, keyAccountCandidate: true };
    expect(renderReason(clientReason({ client: b, successor: { ...ivanova, kam: true }, why: 'key_account', knownAs: undefined, minTenureMonths: 6 }))).toBe(
      'B client (1 234 567.00 revenue in 12 months, key-account candidate) goes to Ivanova A., a key-account manager, as key-account candidates go to key-account managers.',
    );
    const balanced = clientReason({ client: { ...client, abc: 'C' }, successor: ivanova, why: 'balance', knownAs: 'interactions', minTenureMonths: 6 });
    expect(balanced.code).toBe('client_balance');
    expect(renderReason(balanced)).toBe(
      "C client (1 234 567.00 revenue in 12 months) goes to Ivanova A., to keep the successors' load balanced; Ivanova A. also has been in touch with the client recently.",
    );
    expect(renderReason(clientReason({ client, successor: { ...ivanova, tenureMonths: 18 }, why: 'balance', knownAs: undefined, minTenureMonths: 6 }))).toBe(
      "A client (1 234 567.00 revenue in 12 months) goes to Ivanova A., an experienced manager (18 months here), to keep the successors' load balanced.",
    );
    const unplaced = clientReason({ client, successor: null, why: 'none', knownAs: undefined, minTenureMonths: 6 });
    expect(unplaced).toEqual({ code: 'client_unplaced_a', params: { abc: 'A', revenue: '1234567.00', keyAccountCandidate: false, minTenureMonths: 6 } });
    expect(renderReason(unplaced)).toBe('A client (1 234 567.00 revenue in 12 months): no successor yet, because A clients go only to managers with at least 6 months here and none was chosen.');
  });

  it('renders the templated reasons the SQL fills, role names included, without rescanning a company name', () => {
    expect(renderReason({ code: 'seat_follows_client', params: { role: 'key_account', company: 'Romashka' } })).toBe('The key-account seat follows the client Romashka.');
    expect(renderReason({ code: 'client_not_handed_over', params: { company: 'A {company} B' } })).toBe(
      'Its client A {company} B is not handed over and has no active owner: goes to the successor with the fewest clients.',
    );
    expect(renderReason({ code: 'no_client', params: {} })).toBe('Tied to no client: goes to the successor with the fewest clients.');
    expect(renderReason({ code: 'reassigned', params: { successor: 'Ann', actor: 'Head' } })).toBe('Assigned to Ann by Head on review.');
    // Every SQL code is a reason code, and every template names only parameters the SQL supplies.
    for (const [code, template] of Object.entries(SQL_REASONS)) {
      expect(REASON_CODES).toContain(code);
      expect([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).every((p) => p === 'role' || p === 'company')).toBe(true);
    }
  });

  it('gives the plan and seat plan sentences that are exactly the rendering of their codes', () => {
    const veteran = (id: number): Candidate => ({ id, name: `Veteran ${id}`, role: 'account_manager', hiredOn: '2022-03-01' });
    const newcomer: Candidate = { id: 9, name: 'Newcomer', role: 'account_manager', hiredOn: '2026-09-01' };
    const clients = [1, 2, 3].map((i) => ({ companyId: i, name: `C${i}`, revenue: `${i}00000.00`, abc: 'A' as const, keyAccountCandidate: i === 3, knownBy: [] }));
    const plan = planClients({ clients, candidates: [newcomer], rules: DEFAULT_RULES, asOf: '2026-11-23' });
    for (const c of plan.clients) expect(c.reason).toBe(renderReason({ code: c.reasonCode, params: c.reasonParams }));
    expect(plan.warningItems).toEqual([
      { code: 'unplaced_a', params: { count: 3, minTenureMonths: 6 } },
      { code: 'no_key_account_manager', params: {} },
    ]);
    expect(plan.warnings).toEqual(['3 A client(s) have no successor: none of the chosen successors has worked here 6 months; add an experienced manager.', 'Key-account candidates go to account managers because no key-account manager is among the successors.']);
    expect(plan.warnings).toEqual(plan.warningItems.map(renderWarning));

    const seats = planSeats({ seats: [{ seatId: 1, companyId: 5, companyName: 'Lotos', role: 'service', knownBy: [{ employeeId: 2, how: 'team' }], holders: [] }], candidates: [veteran(1), veteran(2)], clientCounts: new Map() });
    expect(seats[0]).toMatchObject({ successorId: 2, reasonCode: 'seat_knows', reasonParams: { role: 'service', company: 'Lotos', successor: 'Veteran 2' } });
    expect(seats[0]?.reason).toBe('The service seat at Lotos passes to Veteran 2, who already knows this client.');
  });

  it('renders every warning code', () => {
    const texts = WARNING_CODES.map((code) => renderWarning({ code, params: { count: 2, minTenureMonths: 6, tolerancePct: 15, min: 1, max: 4, text: 'Old text.' } }));
    expect(texts.every((t) => t.length > 0)).toBe(true);
    expect(renderWarning({ code: 'unassigned_items', params: { count: 2 } })).toBe('2 item(s) have no successor yet: assign them before approving.');
    expect(renderWarning({ code: 'revenue_spread', params: { tolerancePct: 15, min: '10.00', max: '20.00' } })).toBe('Revenue differs by more than 15% (10.00–20.00).');
  });
});
