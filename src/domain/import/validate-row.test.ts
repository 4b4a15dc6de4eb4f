import { describe, expect, it } from 'vitest';
import { innWithCheckDigits } from '../inn.js';
import { parseInn, priceFromAmount, validateRow } from './validate-row.js';

const reader = (cells: Record<string, string>) => (field: string) => cells[field]?.trim() || undefined;

describe('row validation', () => {
  it('normalises a valid company row', () => {
    const inn = innWithCheckDigits('770812345');
    const r = validateRow('companies', reader({ name: 'ООО «Ромашка»', inn, phone: '8 (912) 345-67-89', email: 'Info@Romashka.ru', tags: 'опт; опт, VIP', annualPotential: '1 500 000,50' }));
    expect(r.issues).toEqual([]);
    expect(r.values).toMatchObject({ name: 'ООО «Ромашка»', inn, phone: ['+79123456789'], email: ['info@romashka.ru'], tags: ['опт', 'VIP'], annualPotential: '1500000.5' });
  });

  it('reports an INN with a bad check digit, a bad phone and a missing name, naming each field', () => {
    const inn = innWithCheckDigits('770812345');
    const bad = inn.slice(0, 9) + String((Number(inn[9]) + 1) % 10);
    const r = validateRow('companies', reader({ inn: bad, phone: '12' }));
    expect(r.issues).toEqual([
      { field: 'name', value: '', message: 'is required' },
      { field: 'inn', value: bad, message: 'INN check digit is wrong' },
      { field: 'phone', value: '12', message: '"12" is not a phone number' },
    ]);
  });

  it('restores the leading zero Excel drops from an INN', () => {
    const inn = innWithCheckDigits('027406211');
    expect(parseInn(inn.slice(1))).toEqual({ value: inn });
  });

  it('derives the unit price of an order line from its amount', () => {
    expect(priceFromAmount('100.00', '3')).toBe('33.33');
    expect(priceFromAmount('100.00', '6')).toBe('16.67');
    const r = validateRow('orders', reader({ number: '15', date: '01.02.2024', companyName: 'X', sku: 'A-1', quantity: '2,5', amount: '250,00' }));
    expect(r.issues).toEqual([]);
    expect(r.values).toMatchObject({ orderKey: '15', date: '2024-02-01', quantity: '2.5', price: '100.00', cost: null });
  });

  it('requires a company and a product on an order line, and keeps the order key of a bad line', () => {
    const r = validateRow('orders', reader({ orderExternalId: 'Z-1', number: '1', date: '32.01.2024', quantity: '1', price: '1' }));
    expect(r.issues.map((i) => i.field)).toEqual(['date', 'companyName', 'productName']);
    expect(r.values.orderKey).toBe('Z-1');
  });

  it('defaults an activity to a note and reads its time in the default zone', () => {
    const r = validateRow('activities', reader({ occurredAt: '05.03.2024 10:00', employee: 'a@b.ru', companyInn: innWithCheckDigits('500100732') }));
    expect(r.issues).toEqual([]);
    expect(r.values).toMatchObject({ type: 'note', occurredAt: '2024-03-05T10:00:00+03:00' });
  });
});

describe('company name key', async () => {
  const { companyNameKey } = await import('./company-key.js');
  it('drops legal forms, quotes, case and punctuation', () => {
    expect(companyNameKey('ООО «Ромашка-Трейд»')).toBe('ромашка трейд');
    expect(companyNameKey('Ромашка Трейд, ооо')).toBe('ромашка трейд');
    expect(companyNameKey('Общество с ограниченной ответственностью "Ёлка"')).toBe('елка');
    expect(companyNameKey('ИП Иванов И.И.')).toBe('иванов и и');
    expect(companyNameKey('ООО')).toBeNull();
  });
});
