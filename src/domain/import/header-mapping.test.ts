import { describe, expect, it } from 'vitest';
import { detectMapping, normaliseHeader, resolveMapping } from './header-mapping.js';

describe('header mapping', () => {
  it('normalises case, ё, punctuation and spacing', () => {
    expect(normaliseHeader('  Кол-во, шт. ')).toBe('кол во шт');
    expect(normaliseHeader('ЛИЦО, ПРИНИМАЮЩЕЕ РЕШЕНИЕ')).toBe('лицо принимающее решение');
    expect(normaliseHeader('Отчётная дата')).toBe('отчетная дата');
  });

  it('detects common Russian headers of an orders file, including a trailing unit', () => {
    const headers = ['Номер', 'Дата', 'ИНН', 'Контрагент', 'Артикул', 'Номенклатура', 'Кол-во, шт', 'Цена, руб.', 'Сумма', 'Примечание'];
    expect(detectMapping('orders', headers)).toEqual({
      number: 0,
      date: 1,
      companyInn: 2,
      companyName: 3,
      sku: 4,
      productName: 5,
      quantity: 6,
      price: 7,
      amount: 8,
    });
  });

  it('detects English headers of a companies file', () => {
    const m = detectMapping('companies', ['External ID', 'Company name', 'INN', 'Phone number', 'E-mail', 'Owner']);
    expect(m).toEqual({ externalId: 0, name: 1, inn: 2, phone: 3, email: 4, owner: 5 });
  });

  it('lets a person override, skip and add columns by header or 1-based number', () => {
    const headers = ['Клиент', 'ИНН клиента', 'Телефон', 'Прочее'];
    const r = resolveMapping('companies', headers, { name: 'клиент', inn: 2, phone: null, contactName: 'Прочее' });
    expect(r.problems).toEqual([]);
    expect(r.columns).toEqual({ name: 0, inn: 1, contactName: 3 });
    expect(r.unmappedHeaders).toEqual(['Телефон']);
  });

  it('names every missing required column and every bad choice', () => {
    const r = resolveMapping('orders', ['Дата', 'Контрагент', 'Цена'], { nope: 'x', sku: 'Артикул', quantity: 9 });
    expect(r.problems).toEqual([
      { field: 'nope', message: expect.stringMatching(/not a field of orders/) },
      { field: 'sku', message: 'no column "Артикул" in the file' },
      { field: 'quantity', message: 'column 9 does not exist (the file has 3)' },
      { field: 'number', message: 'required column is missing: Номер / Number' },
      { field: 'quantity', message: 'required column is missing: Количество / Quantity' },
      { field: 'productExternalId', message: expect.stringMatching(/^one of these columns is required: Код товара/) },
    ]);
  });
});
