import { toMinor } from '../money.js';
import { formatMoney, formatPercent } from './format.js';

/** Our sales over the client's annual purchases in our category; null when the potential is unknown or zero. */
export function shareOfWallet(actual: string, potential: string | null): number | null {
  if (potential === null) return null;
  const p = toMinor(potential);
  if (p <= 0n) return null;
  return Number(toMinor(actual)) / Number(p);
}

/** Categories the client buys from us over the categories we offer; null when we offer none. */
export function assortmentBreadth(bought: number, offered: number): number | null {
  return offered > 0 ? bought / offered : null;
}

export type KeyAccountRules = {
  /** "Large potential": at least this much a year. */
  minPotential: string;
  /** "Small share": share of wallet below this fraction. */
  maxShare: number;
  /** "Narrow assortment": breadth below this fraction. */
  maxBreadth: number;
};
// "Small share": under 10% of what the client buys in our category (practitioners cite clients at
// under 5%); "narrow": fewer than 3 in 10 of our categories.
export const DEFAULT_KEY_ACCOUNT_RULES = { maxShare: 0.1, maxBreadth: 0.3 } as const;

export type KeyAccountInput = {
  potential: string | null;
  /** Revenue over the last 12 months. */
  actual: string;
  categoriesBought: number;
  categoriesOffered: number;
  holderName: string | null;
  holderRole: string | null;
  keyAccountManagerName: string | null;
};

export type KeyAccountAssessment = {
  candidate: boolean;
  shareOfWallet: number | null;
  breadth: number | null;
  why: string;
};

const ROLE_WORDS: Record<string, string> = {
  account_manager: 'account manager',
  key_account_manager: 'key-account manager',
  hunter: 'hunter',
  head_of_sales: 'head of sales',
  director: 'director',
};

// Candidate = a client we already sell to (a prospect is a hunter's lead) with a large potential AND
// (a small share of wallet OR a narrow assortment) AND no key-account manager on it yet; the
// sentence says which of those hold, with the numbers behind them.
export function assessKeyAccount(input: KeyAccountInput, rules: KeyAccountRules): KeyAccountAssessment {
  const share = shareOfWallet(input.actual, input.potential);
  const breadth = assortmentBreadth(input.categoriesBought, input.categoriesOffered);
  const large = input.potential !== null && toMinor(input.potential) > 0n && toMinor(input.potential) >= toMinor(rules.minPotential);
  const smallShare = share !== null && share < rules.maxShare;
  const narrow = breadth !== null && breadth < rules.maxBreadth;
  const held = input.keyAccountManagerName !== null;
  const served = toMinor(input.actual) > 0n;

  const parts: string[] = [];
  if (input.potential === null || share === null) parts.push('Potential unknown');
  else parts.push(`Potential ${formatMoney(input.potential)} a year, we sold ${formatMoney(input.actual)} in the last 12 months (${formatPercent(share)} share of wallet)`);
  parts.push(`buys ${input.categoriesBought} of ${input.categoriesOffered} product categories`);
  const holder = input.holderName ? `held by ${input.holderName}${input.holderRole ? ` (${ROLE_WORDS[input.holderRole] ?? input.holderRole})` : ''}` : 'no owner';
  parts.push(held ? `${holder}, key-account manager ${input.keyAccountManagerName}` : `${holder}, no key-account manager`);

  const candidate = large && served && (smallShare || narrow) && !held;
  let verdict: string;
  if (candidate) {
    const gaps = [smallShare ? 'a small share of wallet' : null, narrow ? 'a narrow assortment' : null].filter(Boolean).join(' and ');
    verdict = `Candidate: large potential with ${gaps}.`;
  } else if (!large) verdict = 'Not a candidate: the potential is not large.';
  else if (!served) verdict = 'Not a candidate: no sales in the last 12 months, a lead for a hunter rather than a key account.';
  else if (held) verdict = 'Not a candidate: a key-account manager already holds it.';
  else verdict = 'Not a candidate: we already have a good share of a broad assortment.';
  return { candidate, shareOfWallet: share, breadth, why: `${parts.join('; ')}. ${verdict}` };
}
