import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.js';
import { runExport, runImport } from './import.js';

describe('holdfast import / export commands', () => {
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cli-import-'));
  });
  afterAll(async () => {
    await ctx.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports with a mapping file and writes the bad-rows report next to the input', async () => {
    const file = path.join(dir, 'price-list.csv');
    fs.writeFileSync(file, 'Код позиции;Описание;Стоимость\nP-1;Кабель ВВГ 3х2,5;95,50\nP-2;Розетка;много\n');
    const mapping = path.join(dir, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ sku: 'Код позиции', name: 'Описание', listPrice: 'Стоимость' }));

    const dry = await runImport(ctx, { file, type: 'products', dryRun: true, mapping, quiet: true });
    expect(dry).toMatchObject({ dryRun: true, status: 'succeeded', rowsImported: 1, rowsFailed: 1 });
    expect(await ctx.db.selectFrom('products').selectAll().execute()).toEqual([]);

    const job = await runImport(ctx, { file, type: 'products', mapping, quiet: true });
    expect(job).toMatchObject({ dryRun: false, status: 'succeeded', counts: { products: { created: 1, updated: 0 } } });
    const report = fs.readFileSync(path.join(dir, `price-list.import-${job.id}-errors.csv`), 'utf8');
    expect(report).toBe('\uFEFFСтрока;Столбец;Значение;Ошибка\r\n3;Стоимость;много;"""много"" is not a number"\r\n');
  });

  it('names the problem when the columns cannot be read or the type is unknown', async () => {
    const file = path.join(dir, 'orders.csv');
    fs.copyFileSync(path.resolve('test/fixtures/import/orders-missing-column.csv'), file);
    await expect(runImport(ctx, { file, type: 'orders', quiet: true })).rejects.toThrow('mapping.quantity: required column is missing: Количество / Quantity');
    await expect(runImport(ctx, { file, type: 'clients', quiet: true })).rejects.toThrow('--type must be one of companies, contacts, products, orders, activities');
  });

  it('exports to a file the importer reads back', async () => {
    const out = path.join(dir, 'products.xlsx');
    expect(await runExport(ctx, { entity: 'products', format: 'xlsx', lang: 'ru', out })).toBe(out);
    const again = await runImport(ctx, { file: out, type: 'products', quiet: true });
    expect(again).toMatchObject({ format: 'xlsx', rowsFailed: 0, counts: { products: { created: 0, updated: 1 } } });
  });
});
