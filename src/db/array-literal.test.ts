import { describe, expect, it } from 'vitest';
import { arrayLiteral, parseNumberList } from './array-literal.js';

describe('array literals', () => {
  it('writes numbers, nulls and a prefix of the values as a PostgreSQL array literal', () => {
    expect(arrayLiteral(Float64Array.from([1, -2, 3.5]))).toBe('{1,-2,3.5}');
    expect(arrayLiteral(Float64Array.from([1, NaN]), (v) => (Number.isNaN(v) ? 'NULL' : v))).toBe('{1,NULL}');
    expect(arrayLiteral(Int32Array.from([4, 5, 6]), undefined, 2)).toBe('{4,5}');
    expect(arrayLiteral(new Int32Array(0))).toBe('{}');
  });

  it('reads comma-separated whole numbers and refuses anything else', () => {
    expect([...parseNumberList('12,-3,0,9007199254740991')]).toEqual([12, -3, 0, 9007199254740991]);
    expect([...parseNumberList(null)]).toEqual([]);
    expect([...parseNumberList('')]).toEqual([]);
    expect(() => parseNumberList('1,2.5')).toThrow(/not a list of whole numbers/);
  });
});
