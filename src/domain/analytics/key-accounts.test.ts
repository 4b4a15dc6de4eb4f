import { describe, expect, it } from 'vitest';
import { assessKeyAccount, assortmentBreadth, type KeyAccountInput, shareOfWallet } from './key-accounts.js';

const rules = { minPotential: '5000000', maxShare: 0.2, maxBreadth: 0.5 };
const big: KeyAccountInput = {
  potential: '12000000.00',
  actual: '450000.00',
  categoriesBought: 2,
  categoriesOffered: 10,
  holderName: 'Ivan Petrov',
  holderRole: 'account_manager',
  keyAccountManagerName: null,
};

describe('key-account candidates', () => {
  it('computes share of wallet exactly, and none for an unknown or zero potential', () => {
    expect(shareOfWallet('450000.00', '12000000.00')).toBeCloseTo(0.0375, 12);
    expect(shareOfWallet('0', '1000')).toBe(0);
    expect(shareOfWallet('1500', '1000')).toBe(1.5);
    expect(shareOfWallet('100', '0')).toBeNull();
    expect(shareOfWallet('100', '0.00')).toBeNull();
    expect(shareOfWallet('100', null)).toBeNull();
  });

  it('computes assortment breadth, none when nothing is offered', () => {
    expect(assortmentBreadth(2, 10)).toBe(0.2);
    expect(assortmentBreadth(0, 10)).toBe(0);
    expect(assortmentBreadth(0, 0)).toBeNull();
  });

  it('proposes a big client with a small share and a narrow assortment, saying why', () => {
    const a = assessKeyAccount(big, rules);
    expect(a.candidate).toBe(true);
    expect(a.why).toBe(
      'Potential 12 000 000.00 a year, we sold 450 000.00 in the last 12 months (3.8% share of wallet); buys 2 of 10 product categories; ' +
        'held by Ivan Petrov (account manager), no key-account manager. Candidate: large potential with a small share of wallet and a narrow assortment.',
    );
  });

  it('proposes on a narrow assortment alone', () => {
    const a = assessKeyAccount({ ...big, actual: '6000000.00' }, rules);
    expect(a).toMatchObject({ candidate: true, shareOfWallet: 0.5, breadth: 0.2 });
    expect(a.why).toContain('Candidate: large potential with a narrow assortment.');
  });

  it('does not propose a client a key-account manager already holds, a small one, a well-served one, or one with zero potential', () => {
    expect(assessKeyAccount({ ...big, keyAccountManagerName: 'Olga K.' }, rules)).toMatchObject({ candidate: false });
    expect(assessKeyAccount({ ...big, keyAccountManagerName: 'Olga K.' }, rules).why).toContain('Not a candidate: a key-account manager already holds it.');
    expect(assessKeyAccount({ ...big, potential: '4999999.99' }, rules).why).toContain('Not a candidate: the potential is not large.');
    expect(assessKeyAccount({ ...big, actual: '6000000', categoriesBought: 8 }, rules).why).toContain('we already have a good share');
    expect(assessKeyAccount({ ...big, actual: '0.00', categoriesBought: 0 }, rules)).toMatchObject({ candidate: false, shareOfWallet: 0 });
    expect(assessKeyAccount({ ...big, actual: '0.00', categoriesBought: 0 }, rules).why).toContain('Not a candidate: no sales in the last 12 months');
    const zero = assessKeyAccount({ ...big, potential: '0.00' }, { ...rules, minPotential: '0' });
    expect(zero).toMatchObject({ candidate: false, shareOfWallet: null });
    expect(zero.why.startsWith('Potential unknown; buys 2 of 10 product categories')).toBe(true);
  });
});
