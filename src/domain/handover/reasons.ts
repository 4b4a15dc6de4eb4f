import type { AbcClass, KnowHow } from './plan.js';
import type { HandoverRules } from './rules.js';

export type Why = 'knows' | 'key_account' | 'balance' | 'none';

const KNOWN_AS: Record<KnowHow, string> = {
  backup: 'already backs this client up',
  team: 'already sits in its account team',
  interactions: 'has been in touch with the client recently',
};

const money = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const years = (months: number) => (months >= 24 ? `${Math.floor(months / 12)} years` : `${months} months`);

/** One sentence a head of sales reads to see why this client goes to this successor. */
export function clientReason(o: {
  client: { abc: AbcClass; revenue: string; keyAccountCandidate: boolean };
  successor: { name: string; tenureMonths: number; kam: boolean } | null;
  why: Why;
  knownAs: KnowHow | undefined;
  rules: HandoverRules;
}): string {
  const what = `${o.client.abc} client (${money(o.client.revenue)} revenue in 12 months${o.client.keyAccountCandidate ? ', key-account candidate' : ''})`;
  if (!o.successor) {
    return o.client.abc === 'A'
      ? `${what}: no successor yet, because A clients go only to managers with at least ${o.rules.minTenureMonths} months here and none was chosen.`
      : `${what}: no successor yet; choose one.`;
  }
  const s = o.successor;
  const who = o.client.abc === 'A' ? `${s.name}, an experienced manager (${years(s.tenureMonths)} here)` : s.name;
  const because =
    o.why === 'knows' && o.knownAs
      ? `who ${KNOWN_AS[o.knownAs]}`
      : o.why === 'key_account'
        ? 'a key-account manager, as key-account candidates go to key-account managers'
        : o.knownAs
          ? `to keep the successors' load balanced; ${s.name} also ${KNOWN_AS[o.knownAs]}`
          : "to keep the successors' load balanced";
  return `${what} goes to ${who}, ${because}.`;
}
