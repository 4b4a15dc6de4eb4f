import { describe, expect, it } from 'vitest';
import { abcOfRank, abcThresholdsProblem, classifyAbc, rankAbcMinor, rankOrder } from './abc.js';

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

// The rank order and classes by their definitions: a comparison sort, and per item the sum of the
// strictly larger positive values.
const byComparison = (ids: ArrayLike<number>, values: ArrayLike<number>) =>
  Array.from({ length: values.length }, (_, i) => i).sort((x, y) => (values[y] as number) - (values[x] as number) || (ids[x] as number) - (ids[y] as number));
function classesByDefinition(values: number[], t = { a: 80, b: 15, c: 5 }) {
  const total = values.reduce((s, v) => s + BigInt(Math.max(v, 0)), 0n);
  const [aBp, abBp] = [BigInt(Math.round(t.a * 100)), BigInt(Math.round((t.a + t.b) * 100))];
  return values.map((v) => {
    if (!(total > 0n && v > 0)) return 'C';
    const before = values.reduce((s, w) => s + (w > v ? BigInt(w) : 0n), 0n);
    return before * 10000n < aBp * total ? 'A' : before * 10000n < abBp * total ? 'B' : 'C';
  });
}
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('rank order', () => {
  it('orders by value descending, then id ascending, for every shape of input', () => {
    const rnd = random(7);
    const shapes: [string, () => number][] = [
      ['small values with many ties', () => Math.floor(rnd() * 5)],
      ['zero and negative values', () => Math.floor(rnd() * 2001) - 1000],
      ['kopecks beyond 2^32', () => Math.floor(rnd() * 2 ** 45)],
      ['values close to 2^53 apart', () => (rnd() < 0.5 ? -1 : 1) * Math.floor(rnd() * 2 ** 52)],
      ['fractions (compared, not sorted by digits)', () => Math.floor(rnd() * 100) / 4],
    ];
    for (const [label, value] of shapes) {
      for (const n of [0, 1, 2, 3, 17, 300, 5000]) {
        const values = Array.from({ length: n }, value);
        const inOrder = Array.from({ length: n }, (_, i) => i * 3 + 5);
        const shuffled = Array.from({ length: n }, () => Math.floor(rnd() * 1e9) - 5e8);
        for (const ids of [inOrder, shuffled, Int32Array.from(shuffled)]) {
          expect([...rankOrder(ids, values)], `${label}, ${n}`).toEqual(byComparison(ids, values));
          expect([...rankOrder(ids, Float64Array.from(values))], `${label}, ${n}`).toEqual(byComparison(ids, values));
        }
      }
    }
  });

  it('keeps the input order of equal values with equal ids, and handles values 2^53 apart', () => {
    expect([...rankOrder([4, 4, 2, 4], [1, 1, 1, 1])]).toEqual([2, 0, 1, 3]);
    expect([...rankOrder([1, 2, 3], [-(2 ** 53) + 1, 2 ** 53 - 1, 0])]).toEqual([1, 2, 0]);
    expect([...rankOrder([1, 2], [7, 7])]).toEqual([0, 1]);
    expect([...rankOrder([], [])]).toEqual([]);
  });
});

describe('ABC ranking in kopecks', () => {
  it('gives every rank the class of its definition, and the running and total sums', () => {
    const rnd = random(11);
    for (const n of [1, 2, 5, 40, 2000]) {
      for (const t of [{ a: 80, b: 15, c: 5 }, { a: 50, b: 0, c: 50 }, { a: 100, b: 0, c: 0 }, { a: 33.33, b: 33.34, c: 33.33 }]) {
        const values = Array.from({ length: n }, () => (rnd() < 0.1 ? -Math.floor(rnd() * 50) : Math.floor(rnd() * 20) * (rnd() < 0.3 ? 1000 : 1)));
        const ids = Array.from({ length: n }, () => Math.floor(rnd() * 1e6));
        const r = rankAbcMinor(ids, values, t);
        if (!r) throw new Error('within range');
        const expected = classesByDefinition(values, t);
        expect(Array.from(r.order, (k, i) => [k, abcOfRank(r, i)])).toEqual(byComparison(ids, values).map((k) => [k, expected[k]]));
        let sum = 0;
        expect([...r.running]).toEqual(Array.from(r.order, (k) => (sum += Math.max(values[k] as number, 0))));
        expect(r.total).toBe(sum);
        expect(r.bFrom).toBeLessThanOrEqual(r.cFrom);
      }
    }
  });

  it('describes one client, no client, ties at a boundary and nothing positive by two ranks', () => {
    expect(rankAbcMinor([9], [5], { a: 80, b: 15, c: 5 })).toMatchObject({ bFrom: 1, cFrom: 1, total: 5 });
    expect(rankAbcMinor([], [], { a: 80, b: 15, c: 5 })).toMatchObject({ bFrom: 0, cFrom: 0, total: 0 });
    // 40, 40, 10, 10: the 10s start at 80% together, both B
    expect(rankAbcMinor([1, 2, 3, 4], [10, 40, 10, 40], { a: 80, b: 15, c: 5 })).toMatchObject({ bFrom: 2, cFrom: 4 });
    expect(rankAbcMinor([1, 2, 3], [0, -5, 0], { a: 80, b: 15, c: 5 })).toMatchObject({ order: Uint32Array.from([0, 2, 1]), bFrom: 0, cFrom: 0, total: 0 });
    expect(rankAbcMinor([1, 2], [2 ** 52, 2 ** 52], { a: 80, b: 15, c: 5 })).toBeNull();
    // totals beyond 2^53 / 10^4 kopecks compare through BigInt: exactly at 80% is B, a kopeck below is A
    const classesOf = (values: number[]) => {
      const r = rankAbcMinor([1, 2, 3], values, { a: 80, b: 15, c: 5 });
      return r && Array.from(r.order, (k, i) => [k, abcOfRank(r, i)]);
    };
    expect(classesOf([80e13, 15e13, 5e13])).toEqual([[0, 'A'], [1, 'B'], [2, 'C']]);
    expect(classesOf([80e13 - 1, 15e13 + 1, 5e13])).toEqual([[0, 'A'], [1, 'A'], [2, 'C']]);
  });
});
