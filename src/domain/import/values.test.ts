import { describe, expect, it } from 'vitest';
import { parseBoolean, parseChoice, parseDate, parseDateTime, parseDecimal, parseMoney, parseQuantity, ORDER_STATUS_WORDS } from './values.js';

describe('import value parsers', () => {
  it.each([
    ['1234,56', '1234.56'],
    ['1 234,5', '1234.5'],
    ['1\u00a0234\u00a0567,00', '1234567'],
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['1,234,567', '1234567'],
    ['0,50 руб.', '0.5'],
    ['100 ₽', '100'],
    ['007', '7'],
  ])('reads money %s as %s', (raw, expected) => {
    expect(parseMoney(raw)).toEqual({ value: expected });
  });

  it('rejects what is not money with a reason', () => {
    expect(parseMoney('12,345').error).toMatch(/more than 2 decimal places/);
    expect(parseMoney('abc').error).toBe('"abc" is not a number');
    expect(parseMoney('-5').error).toMatch(/must not be negative/);
    expect(parseMoney('99999999999999').error).toMatch(/too large/);
    expect(parseDecimal('-5,5', { scale: 2, allowNegative: true })).toEqual({ value: '-5.5' });
  });

  it('reads quantities with three decimals and rejects zero', () => {
    expect(parseQuantity('2,125')).toEqual({ value: '2.125' });
    expect(parseQuantity('0,000').error).toMatch(/greater than zero/);
  });

  it.each([
    ['31.12.2024', '2024-12-31'],
    ['1.2.2024', '2024-02-01'],
    ['29.02.24', '2024-02-29'],
    ['2024-12-31', '2024-12-31'],
    ['31/12/2024', '2024-12-31'],
    ['05.03.2024 14:30', '2024-03-05'],
    ['2024-03-05T14:30:00', '2024-03-05'],
    ['05.03.2024 г.', '2024-03-05'],
  ])('reads the date %s', (raw, expected) => {
    expect(parseDate(raw)).toEqual({ value: expected });
  });

  it('rejects impossible dates', () => {
    expect(parseDate('31.02.2024').error).toMatch(/not a date/);
    expect(parseDate('2024-13-01').error).toMatch(/not a date/);
    expect(parseDate('завтра').error).toMatch(/dd\.mm\.yyyy/);
  });

  it('reads a local time in the default zone and keeps an explicit offset', () => {
    expect(parseDateTime('05.03.2024 14:30')).toEqual({ value: '2024-03-05T14:30:00+03:00' });
    expect(parseDateTime('2024-03-05T14:30:00Z')).toEqual({ value: '2024-03-05T14:30:00+00:00' });
    expect(parseDateTime('05.03.2024', '+05:00')).toEqual({ value: '2024-03-05T00:00:00+05:00' });
    expect(parseDateTime('05.03.2024 25:00').error).toBeDefined();
  });

  it('reads flags and choices in Russian and English', () => {
    expect(parseBoolean('Да')).toEqual({ value: true });
    expect(parseBoolean('no')).toEqual({ value: false });
    expect(parseBoolean('может быть').error).toMatch(/yes or no/);
    expect(parseChoice('Выполнен', ORDER_STATUS_WORDS)).toEqual({ value: 'completed' });
    expect(parseChoice('Отменён', ORDER_STATUS_WORDS)).toEqual({ value: 'cancelled' });
    expect(parseChoice('shipped', ORDER_STATUS_WORDS)).toEqual({ value: 'shipped' });
    expect(parseChoice('потерялся', ORDER_STATUS_WORDS).error).toMatch(/not one of/);
  });
});
