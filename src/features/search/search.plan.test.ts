import { describe, expect, it } from 'vitest';
import { planSearch, prefixUpperBound } from './search.plan.js';

// Code point order, as PostgreSQL compares text under COLLATE "C" (UTF-8 bytes).
const cmp = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0) as number);
  const y = [...b].map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
};

describe('prefixUpperBound', () => {
  it('raises the last character by one', () => {
    expect(prefixUpperBound('промторг')).toBe('промторд');
    expect(prefixUpperBound('7701')).toBe('7702');
    expect(prefixUpperBound('ab9')).toBe('ab:');
  });

  it('lies above every string that starts with the prefix and below the next prefix', () => {
    const prefix = 'иван';
    const bound = prefixUpperBound(prefix);
    for (const s of ['иван', 'иванов', 'иван\u{10FFFF}', 'иванㅤ', 'ивану петров']) expect(cmp(s, bound), s).toBeLessThan(0);
    for (const s of ['ивао', 'ивб', 'й']) expect(cmp(s, bound), s).toBeGreaterThanOrEqual(0);
    expect(cmp(prefix, bound)).toBeLessThan(0);
  });

  it('skips the surrogate range and drops a last character that cannot be raised', () => {
    expect(prefixUpperBound('a\u{D7FF}')).toBe('a\u{E000}');
    expect(prefixUpperBound('ab\u{10FFFF}')).toBe('ac');
    expect(cmp('ab\u{10FFFF}zzz', prefixUpperBound('ab\u{10FFFF}'))).toBeLessThan(0);
  });
});

describe('planSearch', () => {
  it('reads digits as an INN prefix and a phone tail, an address as an email, anything else as text in both layouts', () => {
    expect(planSearch('7701')).toMatchObject({ innPrefix: '7701', phoneDigits: '7701', texts: [] });
    expect(planSearch('+7 912 345-67-89')).toMatchObject({ phoneExact: '+79123456789', phoneDigits: '9123456789', innPrefix: null });
    expect(planSearch('p.semenov@promtorg.ru')).toMatchObject({ email: 'p.semenov@promtorg.ru', texts: [] });
    expect(planSearch('ghjvnjhu').texts.map((t) => t.text)).toContain('промторг');
  });
});
