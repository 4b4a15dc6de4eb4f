import { describe, expect, it } from 'vitest';
import { parseNumberList } from './array-literal.js';

describe('number lists', () => {
  it('reads comma-separated whole numbers and refuses anything else', () => {
    expect([...parseNumberList('12,-3,0,9007199254740991')]).toEqual([12, -3, 0, 9007199254740991]);
    expect([...parseNumberList(null)]).toEqual([]);
    expect([...parseNumberList('')]).toEqual([]);
    expect(() => parseNumberList('1,2.5')).toThrow(/not a list of whole numbers/);
  });
});
