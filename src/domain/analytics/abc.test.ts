import { describe, expect, it } from 'vitest';
import { abcThresholdsProblem, classifyAbc } from './abc.js';

const classes = (items: { id: number; value: string }[], t?: { a: number; b: number; c: number }) =>
  Object.fromEntries(classifyAbc(items, t).map((r) => [r.id, r.abc]));

describe('ABC classification', () => {
  it('classifies by the cumulative share of everything ranked above, so the item crossing 80% is still A', () => {
    // total 100: 50 (before 0%) A, 30 (before 50%) A, 10 (before 80%) B, 6 (before 90%) B, 4 (before 96%) C
    const items = [
      { id: 1, value: '30.00' },
      { id: 2, value: '50.00' },
      { id: 3, value: '4.00' },
      { id: 4, value: '10.00' },
      { id: 5, value: '6.00' },
    ];
    expect(classes(items)).toEqual({ 1: 'A', 2: 'A', 3: 'C', 4: 'B', 5: 'B' });
    const ranked = classifyAbc(items);
    expect(ranked.map((r) => r.id)).toEqual([2, 1, 4, 5, 3]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked[1]).toMatchObject({ share: 0.3, cumulativeShare: 0.8 });
  });

  it('puts the boundary exactly: cumulative-before equal to a% is no longer A', () => {
    // 80 then 20: the second starts at exactly 80% -> B
    expect(classes([{ id: 1, value: '80' }, { id: 2, value: '15' }, { id: 3, value: '5' }])).toEqual({ 1: 'A', 2: 'B', 3: 'C' });
  });

  it('gives tied values the same class whatever their order', () => {
    // 40, 40, 10, 10: the 10s start at 80% together -> both B, not one B and one C
    const one = classes([{ id: 1, value: '40' }, { id: 2, value: '40' }, { id: 3, value: '10' }, { id: 4, value: '10' }]);
    const two = classes([{ id: 4, value: '10' }, { id: 3, value: '10' }, { id: 2, value: '40' }, { id: 1, value: '40' }]);
    expect(one).toEqual({ 1: 'A', 2: 'A', 3: 'B', 4: 'B' });
    expect(two).toEqual(one);
    // ties rank by id so pages are stable
    expect(classifyAbc([{ id: 9, value: '5' }, { id: 3, value: '5' }]).map((r) => r.id)).toEqual([3, 9]);
  });

  it('makes a lone client A and an all-equal base A', () => {
    expect(classes([{ id: 1, value: '0.01' }])).toEqual({ 1: 'A' });
    expect(classes([1, 2, 3, 4].map((id) => ({ id, value: '25' })))).toEqual({ 1: 'A', 2: 'A', 3: 'A', 4: 'A' });
  });

  it('puts zero and negative values (no sales, loss-making by margin) in C with no share', () => {
    const r = classifyAbc([{ id: 1, value: '100' }, { id: 2, value: '0' }, { id: 3, value: '-50.25' }]);
    expect(r.map((x) => [x.id, x.abc, x.share])).toEqual([
      [1, 'A', 1],
      [2, 'C', 0],
      [3, 'C', 0],
    ]);
  });

  it('classifies everything C when nothing was sold, and handles an empty list', () => {
    expect(classes([{ id: 1, value: '0' }, { id: 2, value: '0' }])).toEqual({ 1: 'C', 2: 'C' });
    expect(classifyAbc([])).toEqual([]);
  });

  it('honours configurable thresholds and compares money exactly', () => {
    expect(classes([{ id: 1, value: '50' }, { id: 2, value: '30' }, { id: 3, value: '20' }], { a: 50, b: 30, c: 20 })).toEqual({ 1: 'A', 2: 'B', 3: 'C' });
    // 0.1 + 0.2 style float drift must not move a client across a boundary
    const cents = classes([{ id: 1, value: '0.70' }, { id: 2, value: '0.10' }, { id: 3, value: '0.20' }], { a: 70, b: 10, c: 20 });
    expect(cents).toEqual({ 1: 'A', 2: 'C', 3: 'B' });
  });

  it('rejects thresholds that do not add up to 100, naming the field', () => {
    expect(abcThresholdsProblem({ a: 80, b: 15, c: 5 })).toBeNull();
    expect(abcThresholdsProblem({ a: 80, b: 15, c: 10 })).toMatchObject({ field: 'c' });
    expect(abcThresholdsProblem({ a: 0, b: 95, c: 5 })).toMatchObject({ field: 'a' });
  });

  it('stays exact beyond 90 trillion roubles in total', () => {
    const huge = classifyAbc([{ id: 1, value: '8000000000000.00' }, { id: 2, value: '1500000000000.00' }, { id: 3, value: '500000000000.00' }, { id: 4, value: '9000000000000.00' }]);
    expect(huge.map((r) => [r.id, r.abc])).toEqual([
      [4, 'A'],
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
    ]);
  });
});
