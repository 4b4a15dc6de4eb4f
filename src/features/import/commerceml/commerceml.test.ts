import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from '../../../../test/harness.js';
import { getImport, startImport } from '../import.service.js';
import type { ImportSettings } from '../import.schema.js';

const FIXTURES = path.resolve('test/fixtures/import');

describe('1C CommerceML 2 import (import.xml, offers.xml, orders.xml)', () => {
  const h = useApp();

  const importFile = async (file: string, type: 'products' | 'orders', settings?: ImportSettings) => {
    const { id, done } = await startImport(h.ctx, null, { type, dryRun: false, filePath: path.join(FIXTURES, file), settings });
    await done;
    return getImport(h.ctx, null, id);
  };
  const products = () =>
    h.ctx.db
      .selectFrom('products')
      .innerJoin('product_groups as g', 'g.id', 'products.group_id')
      .innerJoin('product_categories as c', 'c.id', 'g.category_id')
      .select(['products.sku', 'products.name', 'products.unit', 'products.list_price', 'products.external_id', 'c.name as category', 'g.name as grp'])
      .orderBy('products.sku')
      .execute();

  it('reads the 2.08 catalogue: the classifier becomes categories and groups, deleted goods are skipped', async () => {
    const job = await importFile('import.xml', 'products');
    expect(job).toMatchObject({ status: 'succeeded', format: 'commerceml', rowsTotal: 3, rowsFailed: 0, counts: { products: { created: 3, updated: 0 } } });
    expect(await products()).toEqual([
      { sku: 'A-1', name: 'Болт М8', unit: 'шт', list_price: '0.00', external_id: 'bd2b5f6e-0001-11ee-9a01-00155d000101', category: 'Крепёж', grp: 'Болты' },
      { sku: 'B-2', name: 'Гайка М8', unit: 'шт', list_price: '0.00', external_id: 'bd2b5f6e-0001-11ee-9a01-00155d000102', category: 'Крепёж', grp: 'Гайки' },
      // No Артикул: the 1C id stands in as the SKU; CDATA text is kept.
      { sku: 'bd2b5f6e-0001-11ee-9a01-00155d000103', name: 'Ключ рожковый 13×17 "Профи"', unit: 'шт', list_price: '0.00', external_id: 'bd2b5f6e-0001-11ee-9a01-00155d000103', category: 'Инструмент', grp: 'Инструмент' },
    ]);
  });

  it('reads 2.10 offers with a default namespace: the first price type sets list prices, a characteristic maps to its product', async () => {
    const job = await importFile('offers.xml', 'products');
    expect(job.counts.products).toEqual({ created: 1, updated: 2 });
    const rows = await products();
    expect(rows.map((p) => [p.sku, p.list_price])).toEqual([
      ['A-1', '15.00'],
      ['B-2', '3.50'],
      ['S-5', '420.00'],
      ['bd2b5f6e-0001-11ee-9a01-00155d000103', '0.00'],
    ]);
    expect(rows.find((p) => p.sku === 'S-5')).toMatchObject({ external_id: 'bd2b5f6e-0001-11ee-9a01-00155d000105', unit: 'упак', category: 'Без категории' });
    // Classifier placement from import.xml survives an offers file that carries none.
    expect(rows.find((p) => p.sku === 'A-1')).toMatchObject({ category: 'Крепёж', grp: 'Болты' });
  });

  it('uses the price type asked for, and names the available ones when it does not exist', async () => {
    await importFile('offers.xml', 'products', { priceType: 'Оптовая' });
    expect((await products()).find((p) => p.sku === 'A-1')?.list_price).toBe('12.40');
    await expect(startImport(h.ctx, null, { type: 'products', dryRun: true, filePath: path.join(FIXTURES, 'offers.xml'), settings: { priceType: 'VIP' } })).rejects.toMatchObject({
      details: [{ field: 'priceType', message: 'no price type "VIP" in the file; it has: Розничная, Оптовая' }],
    });
  });

  it('reads 2.10 order documents: counterparties by INN, cancelled orders, lines of characteristics, a bad INN reported by line', async () => {
    const job = await importFile('orders.xml', 'orders');
    expect(job).toMatchObject({ status: 'succeeded', rowsTotal: 4, rowsImported: 3, rowsFailed: 1 });
    expect(job.counts).toMatchObject({ orders: { created: 2 }, companies: { created: 2 }, products: { created: 0 } });
    const orders = await h.ctx.db
      .selectFrom('orders')
      .innerJoin('companies', 'companies.id', 'orders.company_id')
      .select(['orders.external_id', 'orders.number', 'orders.ordered_on', 'orders.status', 'orders.total', 'companies.name', 'companies.inn', 'companies.kpp', 'companies.external_id as company_code'])
      .orderBy('orders.number')
      .execute();
    expect(orders).toEqual([
      { external_id: 'e1f3c2a0-0a1b-11ef-9a01-00155d000301', number: '000000123', ordered_on: '2024-03-05', status: 'completed', total: '1675.00', name: 'Ромашка ООО', inn: '7708123450', kpp: '770801001', company_code: '7c0d9e10-0a1b-11ef-9a01-00155d000401' },
      { external_id: 'e1f3c2a0-0a1b-11ef-9a01-00155d000302', number: '000000124', ordered_on: '2024-03-06', status: 'cancelled', total: '840.00', name: 'Стройдвор', inn: '6623011227', kpp: '662301001', company_code: '7c0d9e10-0a1b-11ef-9a01-00155d000402' },
    ]);
    const again = await importFile('orders.xml', 'orders');
    expect(again.counts).toMatchObject({ orders: { created: 0, updated: 2 }, companies: { created: 0 } });
  });

  it('reads a Windows-1251 2.08 file: a sole trader with a 12-digit INN, and a document that is not an order reported', async () => {
    const job = await importFile('orders-2.08-cp1251.xml', 'orders');
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 1, rowsFailed: 1 });
    const order = await h.ctx.db
      .selectFrom('orders')
      .innerJoin('companies', 'companies.id', 'orders.company_id')
      .select(['orders.number', 'orders.total', 'companies.name', 'companies.inn'])
      .where('orders.external_id', '=', '5a0e-2023-0001')
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ number: 'ЗК-0042', total: '1240.00', name: 'ИП Иванов Сергей Петрович', inn: '770708389324' });
  });

  it('refuses a CommerceML file imported as the wrong type, saying which type it is', async () => {
    await expect(startImport(h.ctx, null, { type: 'products', dryRun: true, filePath: path.join(FIXTURES, 'orders.xml') })).rejects.toMatchObject({
      details: [{ field: 'type', message: 'this CommerceML file holds order documents (orders.xml); import it as orders' }],
    });
  });
});
