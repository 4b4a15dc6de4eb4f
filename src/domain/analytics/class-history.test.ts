import { describe, expect, it } from 'vitest';
import { abcCutoffs, classifyAbc } from './abc.js';
import { ABC_LETTERS, classHistory, type ClassHistoryRows, NO_CLASS, XYZ_LETTERS } from './class-history.js';
import { DEFAULT_XYZ } from './xyz.js';

const month = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
const quarter = (yq: string) => Number(yq.slice(0, 4)) * 4 + Number(yq.slice(5)) - 1;
const options = (last: string) => ({ lastQuarter: quarter(last), aBp: 8000, abBp: 9500, xyz: DEFAULT_XYZ });
const input = (sales: [number, string, number][]) => ({
  company: Int32Array.from(sales, (s) => s[0]),
  month: Int32Array.from(sales, (s) => month(s[1])),
  kopecks: Float64Array.from(sales, (s) => s[2] * 100),
});
const rows = (h: ClassHistoryRows) =>
  Array.from({ length: h.length }, (_, i) => {
    const q = h.quarter[i] as number;
    const letter = (code: number, letters: readonly (string | null)[]) => (code === NO_CLASS ? '-' : (letters[code] ?? '-'));
    return [
      h.company[i],
      `${Math.floor(q / 4)}Q${(q % 4) + 1}`,
      (h.kopecks[i] as number) / 100,
      letter(h.abc[i] as number, ABC_LETTERS) + letter(h.xyz[i] as number, XYZ_LETTERS),
      letter(h.previousAbc[i] as number, ABC_LETTERS) + letter(h.previousXyz[i] as number, XYZ_LETTERS),
    ].join(' ');
  });

describe('ABC cutoffs', () => {
  it('gives the smallest A and the smallest A-or-B value, ties sharing a class', () => {
    // total 100: 50 (before 0%) A, 30 (50%) A, 10 (80%) B, 6 (90%) B, 4 (96%) C
    expect(abcCutoffs(Float64Array.from([30, 50, 4, 10, 6]), 8000, 9500)).toEqual({ aFrom: 30, bFrom: 6 });
    // 40, 40, 10, 10: the 10s start at 80% together -> both B
    expect(abcCutoffs(Float64Array.from([10, 40, 10, 40]), 8000, 9500)).toEqual({ aFrom: 40, bFrom: 10 });
    // no B at all: B starts where A does
    expect(abcCutoffs(Float64Array.from([100, 0]), 8000, 9500)).toEqual({ aFrom: 100, bFrom: 100 });
    // nothing positive: everything is C
    expect(abcCutoffs(Float64Array.from([0, -5]), 8000, 9500)).toEqual({ aFrom: Infinity, bFrom: Infinity });
    expect(abcCutoffs(new Float64Array(0), 8000, 9500)).toEqual({ aFrom: Infinity, bFrom: Infinity });
  });

  it('classifies every value as classifyAbc does', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 20) * 100 - 200);
      const { aFrom, bFrom } = abcCutoffs(Float64Array.from(values), 7000, 9000);
      const expected = classifyAbc(values.map((v, id) => ({ id, value: (v / 100).toFixed(2) })), { a: 70, b: 20, c: 10 });
      for (const r of expected) {
        const v = values[r.id] as number;
        expect(v >= aFrom ? 'A' : v >= bFrom ? 'B' : 'C').toBe(r.abc);
      }
    }
  });
});

describe('class history', () => {
  it('keeps the first period of a client and the periods where its class changes', () => {
    const h = classHistory(
      input([
        [1, '2025-01', 100],
        [2, '2025-02', 900],
        [2, '2025-11', 900],
      ]),
      options('2025Q4'),
    );
    // Q1-Q3: 900 of 1000 is A, client 1 starts at 90% -> B; one sale in 12 months: CV sqrt(11) -> Z.
    // Q4: client 2 has 1800 in two months (CV sqrt(5) -> still Z), client 1 at 100/1900 starts at 94.7% -> B
    expect(rows(h)).toEqual(['1 2025Q1 100 BZ --', '2 2025Q1 900 AZ --']);
    expect(h.cv[0]).toBeCloseTo(Math.sqrt(11), 12);
  });

  it('ends a period 12 months after its last sale and names the class before a gap when the client comes back', () => {
    const h = classHistory(
      input([
        [5, '2023-01', 100],
        [5, '2023-03', 100],
        [5, '2025-01', 100],
        [6, '2023-02', 1000],
        [6, '2025-02', 1000],
      ]),
      options('2025Q2'),
    );
    // 5 and 6 have periods 2023Q1-2023Q4 and again from 2025Q1: the first period after the gap is
    // kept (its previous period is 2023Q4, not the quarter before) even with the class unchanged
    expect(rows(h)).toEqual(['5 2023Q1 200 BZ --', '5 2025Q1 100 BZ BZ', '6 2023Q1 1000 AZ --', '6 2025Q1 1000 AZ AZ']);
  });

  it('sums months of the period only, moves with a new sale, and ignores months after the last quarter', () => {
    const sales: [number, string, number][] = [];
    for (let m = 1; m <= 12; m++) sales.push([9, `2024-${String(m).padStart(2, '0')}`, 100]);
    sales.push([9, '2025-02', 2400], [9, '2025-08', 5]);
    const h = classHistory(input(sales.reverse()), options('2025Q1'));
    // every month of 2024 alike: CV 0 (X) from 2024Q4; before, months without sales count as zeros
    // (2024Q1: 3 of 12 months -> CV sqrt(3) Z; Q2: 6 -> 1 Y; Q3: 9 -> 0.58 Y). 2025Q1: 2025-01 has
    // nothing, Feb 2400, so 9 months of 100, one of 0, one of 2400 plus Mar 2024: Z. August 2025 is ignored.
    expect(rows(h)).toEqual(['9 2024Q1 300 AZ --', '9 2024Q2 600 AY AZ', '9 2024Q4 1200 AX AY', '9 2025Q1 3300 AZ AX']);
  });

  it('refuses two rows for one client and month', () => {
    expect(() => classHistory(input([[1, '2025-01', 1], [2, '2025-01', 1], [1, '2025-01', 2]]), options('2025Q1'))).toThrow(/client 1 has two rows/);
  });
});
