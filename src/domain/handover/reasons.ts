import type { AbcClass, KnowHow } from './plan.js';

// Why each item goes where it goes, and what the plan warns about, as a code with parameters: the
// API's English sentences (`reason`, `warnings`) are rendered from them here, and the web renders
// the same code and parameters in the reader's language (i18n keys handover.reasons.<code> and
// handover.warningCodes.<code>). One source: a sentence never exists without its code.

export type Why = 'knows' | 'key_account' | 'balance' | 'none';
export type Params = Record<string, string | number | boolean | null>;

/** Reasons built in code (the client plan, the seat plan, a reassignment by hand). */
const BUILT_REASONS = ['client_unplaced_a', 'client_unplaced', 'client_knows', 'client_key_account', 'client_balance', 'seat_no_successor', 'seat_knows', 'seat_lightest', 'reassigned'] as const;

/**
 * Reasons with only plain {name} parameters: the SQL that derives deals, tasks, orders and seats
 * fills these same templates with replace(), so its sentences match renderReason's.
 */
export const SQL_REASONS = {
  client_added: "Became this person's client after the plan was drafted: goes to the experienced successor with the fewest clients.",
  seat_follows_client: 'The {role} seat follows the client {company}.',
  seat_added: 'The {role} seat at {company} appeared after drafting: goes to the successor with the fewest clients.',
  follows_client: 'Follows its client {company}.',
  follows_deal: 'Follows its deal.',
  client_owner: 'Goes to the owner of its client {company}.',
  client_not_handed_over: 'Its client {company} is not handed over and has no active owner: goes to the successor with the fewest clients.',
  no_client: 'Tied to no client: goes to the successor with the fewest clients.',
} as const;
export type SqlReasonCode = keyof typeof SQL_REASONS;

export const REASON_CODES = [...BUILT_REASONS, ...(Object.keys(SQL_REASONS) as SqlReasonCode[])] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export type Reason = { code: ReasonCode; params: Params };

export const WARNING_CODES = ['unplaced_a', 'unplaced', 'no_key_account_manager', 'count_spread', 'revenue_spread_unsplittable', 'revenue_spread', 'unassigned_items', 'no_successors', 'text'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];
export type Warning = { code: WarningCode; params: Params };

/** English names of account-team roles in sentences; the SQL maps roles with the same table. */
export const ROLE_NAMES: Record<string, string> = { owner: 'owner', backup: 'backup', hunter: 'hunter', key_account: 'key-account', service: 'service' };

const KNOWN_AS: Record<KnowHow, string> = {
  backup: 'already backs this client up',
  team: 'already sits in its account team',
  interactions: 'has been in touch with the client recently',
};

const money = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const years = (months: number) => (months >= 24 ? `${Math.floor(months / 12)} years` : `${months} months`);
const str = (v: Params[string] | undefined) => (v === null || v === undefined ? '' : String(v));
const num = (v: Params[string] | undefined) => Number(v ?? 0);
const role = (r: Params[string] | undefined) => ROLE_NAMES[str(r)] ?? str(r);

/** Fills {name} placeholders in one pass, so a company name containing braces is left as it is. */
function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? (name === 'role' ? role(params[name]) : str(params[name])) : whole));
}

/** The code and parameters for why this client goes to this successor (or to nobody yet). */
export function clientReason(o: {
  client: { abc: AbcClass; revenue: string; keyAccountCandidate: boolean };
  successor: { name: string; tenureMonths: number; kam: boolean } | null;
  why: Why;
  knownAs: KnowHow | undefined;
  minTenureMonths: number;
}): Reason {
  const what = { abc: o.client.abc, revenue: o.client.revenue, keyAccountCandidate: o.client.keyAccountCandidate };
  if (!o.successor) {
    return o.client.abc === 'A' ? { code: 'client_unplaced_a', params: { ...what, minTenureMonths: o.minTenureMonths } } : { code: 'client_unplaced', params: what };
  }
  const params = { ...what, successor: o.successor.name, tenureMonths: o.successor.tenureMonths, knownAs: o.knownAs ?? null };
  if (o.why === 'knows' && o.knownAs) return { code: 'client_knows', params };
  if (o.why === 'key_account') return { code: 'client_key_account', params };
  return { code: 'client_balance', params };
}

/** The English sentence of a reason: what the API returns as `reason`. */
export function renderReason(r: { code: ReasonCode; params: Params }): string {
  const p = r.params;
  switch (r.code) {
    case 'client_unplaced_a':
    case 'client_unplaced':
    case 'client_knows':
    case 'client_key_account':
    case 'client_balance':
      return clientSentence(r.code, p);
    case 'seat_no_successor':
      return `The ${role(p.role)} seat at ${str(p.company)} has no successor: every chosen successor already holds one there.`;
    case 'seat_knows':
      return `The ${role(p.role)} seat at ${str(p.company)} passes to ${str(p.successor)}, who already knows this client.`;
    case 'seat_lightest':
      return `The ${role(p.role)} seat at ${str(p.company)} passes to ${str(p.successor)}, who has the lightest load among the successors.`;
    case 'reassigned':
      return `Assigned to ${str(p.successor)} by ${str(p.actor)} on review.`;
    default:
      return fill(SQL_REASONS[r.code], p);
  }
}

/** A reason as an item carries it: the English sentence beside its code and parameters. */
export const explained = (r: Reason) => ({ reason: renderReason(r), reasonCode: r.code, reasonParams: r.params });

/** A load-spread warning's parameters: the tolerance and the smallest and largest load. */
export const spreadParams = (tolerancePct: number, s: { min: number | string; max: number | string }): Params => ({ tolerancePct, min: s.min, max: s.max });

function clientSentence(code: 'client_unplaced_a' | 'client_unplaced' | 'client_knows' | 'client_key_account' | 'client_balance', p: Params): string {
  const what = `${str(p.abc)} client (${money(str(p.revenue))} revenue in 12 months${p.keyAccountCandidate ? ', key-account candidate' : ''})`;
  if (code === 'client_unplaced_a') return `${what}: no successor yet, because A clients go only to managers with at least ${num(p.minTenureMonths)} months here and none was chosen.`;
  if (code === 'client_unplaced') return `${what}: no successor yet; choose one.`;
  const name = str(p.successor);
  const who = p.abc === 'A' ? `${name}, an experienced manager (${years(num(p.tenureMonths))} here)` : name;
  const known = p.knownAs ? KNOWN_AS[p.knownAs as KnowHow] : undefined;
  const because =
    code === 'client_knows' && known
      ? `who ${known}`
      : code === 'client_key_account'
        ? 'a key-account manager, as key-account candidates go to key-account managers'
        : known
          ? `to keep the successors' load balanced; ${name} also ${known}`
          : "to keep the successors' load balanced";
  return `${what} goes to ${who}, ${because}.`;
}

/** The English text of a plan warning: what the API returns in `warnings`. */
export function renderWarning(w: Warning): string {
  const p = w.params;
  switch (w.code) {
    case 'unplaced_a':
      return `${num(p.count)} A client(s) have no successor: none of the chosen successors has worked here ${num(p.minTenureMonths)} months; add an experienced manager.`;
    case 'unplaced':
      return `${num(p.count)} client(s) have no successor: choose successors first.`;
    case 'no_key_account_manager':
      return 'Key-account candidates go to account managers because no key-account manager is among the successors.';
    case 'count_spread':
      return `Client counts differ by more than ${num(p.tolerancePct)}% (${str(p.min)}–${str(p.max)}).`;
    case 'revenue_spread_unsplittable':
      return `Revenue differs by more than ${num(p.tolerancePct)}% (${str(p.min)}–${str(p.max)}): large clients cannot be split, or only experienced managers may take A clients.`;
    case 'revenue_spread':
      return `Revenue differs by more than ${num(p.tolerancePct)}% (${str(p.min)}–${str(p.max)}).`;
    case 'unassigned_items':
      return `${num(p.count)} item(s) have no successor yet: assign them before approving.`;
    case 'no_successors':
      return 'No active successor was chosen: nothing can be assigned.';
    case 'text':
      return str(p.text);
  }
}
