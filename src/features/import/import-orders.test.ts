import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCompany } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { getImport, issuesCsv, startImport } from './import.service.js';

const FIXTURES = path.resolve('test/fixtures/import');

describe('orders import: lines, whole orders, idempotency and atomic commits', () => {
  const h = useApp();

  const importFile = async (file: string, dryRun: boolean, bulkLines?: number) => {
    const { id, done } = await startImport(h.ctx, null, { type: 'orders', dryRun, filePath: path.join(FIXTURES, file), bulkLines });
    await done;
    return getImport(h.ctx, null, id);
  };
  const report = async (id: number) => {
    let csv = '';
    for await (const chunk of await issuesCsv(h.ctx, null, id, 'error', 'en')) csv += chunk;
    return csv.split('\r\n').slice(1, -1);
  };
  const snapshot = async () => {
    const { rows } = await sql<Record<string, number>>`
      SELECT (SELECT count(*) FROM companies)::int AS companies, (SELECT count(*) FROM products)::int AS products,
        (SELECT count(*) FROM product_categories)::int AS categories, (SELECT count(*) FROM orders)::int AS orders,
        (SELECT count(*) FROM order_lines)::int AS lines, (SELECT coalesce(sum(total), 0)::text FROM orders) AS total,
        (SELECT count(*) FROM pg_class WHERE relname LIKE 'import_stage_%')::int AS stages,
        (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname) FROM pg_constraint
          WHERE conrelid = 'order_lines'::regclass AND contype = 'f') AS line_keys`.execute(h.ctx.db);
    return rows[0]!;
  };

  beforeAll(async () => {
    await makeCompany(h.ctx.db, { name: 'ООО «Ромашка»', inn: '7708123450' });
  });

  it('dry-runs a UTF-8 file with a BOM, semicolons, decimal commas, dd.mm.yyyy and a quoted newline, changing nothing', async () => {
    const before = await snapshot();
    const job = await importFile('orders-utf8-bom.csv', true);
    expect(job).toMatchObject({ status: 'succeeded', rowsTotal: 8, rowsImported: 4, rowsFailed: 4 });
    expect(job.counts).toMatchObject({ orders: { created: 3, updated: 0 }, orderLines: { imported: 4 }, companies: { created: 1 }, products: { created: 2 } });
    expect(await snapshot()).toEqual(before);
    expect(await report(job.id)).toEqual([
      '5;Дата;31.02.2024;"""31.02.2024"" is not a date; write it as dd.mm.yyyy or yyyy-mm-dd"',
      '6;Кол-во;много;"""много"" is not a number"',
      '7;Номер;;skipped: row 6 of the same order has errors',
      '8;ИНН;7708123451;INN check digit is wrong',
    ]);
  });

  it('commits whole orders with exact totals, new clients and products, and the quoted newline kept', async () => {
    const job = await importFile('orders-utf8-bom.csv', false);
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 4, rowsFailed: 4, mergeCount: 1 });
    expect(job.merges[0]).toMatchObject({ rowNo: 9, value: 'ООО Ромашка', message: expect.stringMatching(/^orders attached to the existing client «ООО «Ромашка»» \(id \d+\) found by name$/) });
    const orders = await h.ctx.db
      .selectFrom('orders')
      .innerJoin('companies', 'companies.id', 'orders.company_id')
      .select(['orders.id', 'orders.number', 'orders.ordered_on', 'orders.total', 'orders.status', 'orders.external_id', 'companies.name', 'companies.inn', 'companies.status as company_status'])
      .orderBy('orders.number')
      .execute();
    expect(orders.map((o) => [o.number, o.ordered_on, o.total, o.status, o.external_id, o.name, o.company_status])).toEqual([
      ['100', '2024-01-15', '5125.00', 'completed', '100 от 15.01.2024', 'ООО «Ромашка»', 'active'],
      ['101', '2024-01-16', '12.50', 'completed', '101 от 16.01.2024', 'ООО «Новый клиент»', 'active'],
      // No INN, no SKU, no price: the client by name, the product by the name another line gave it, the price from the amount.
      ['105', '2024-01-19', '50.00', 'completed', '105 от 19.01.2024', 'ООО «Ромашка»', 'active'],
    ]);
    const lines = await h.ctx.db
      .selectFrom('order_lines')
      .innerJoin('products', 'products.id', 'order_lines.product_id')
      .select(['order_lines.line_no', 'order_lines.quantity', 'order_lines.price', 'products.sku', 'products.name'])
      .where('order_id', '=', orders[0]!.id)
      .orderBy('line_no')
      .execute();
    expect(lines).toEqual([
      { line_no: 1, quantity: '10.000', price: '12.50', sku: 'A-1', name: 'Болт М8' },
      { line_no: 2, quantity: '5.000', price: '1000.00', sku: 'B-2', name: 'Гайка\r\nс шайбой' },
    ]);
  });

  it('re-importing the same file updates the orders and replaces their lines, creating no duplicates', async () => {
    const before = await snapshot();
    const job = await importFile('orders-utf8-bom.csv', false);
    expect(job.counts).toMatchObject({ orders: { created: 0, updated: 3 }, companies: { created: 0 }, products: { created: 0 } });
    expect(await snapshot()).toEqual(before);
  });

  it('takes an order whole or not at all: lines that disagree on the client or repeat a line number skip their order', async () => {
    const file = path.join(os.tmpdir(), `hf-orders-mixed-${Date.now()}.csv`);
    fs.writeFileSync(
      file,
      [
        'Код заказа;Номер;Дата;ИНН;Контрагент;Номер строки;Артикул;Товар;Количество;Цена',
        'Z-1;1;01.02.2024;7708123450;Ромашка;1;A-1;Болт М8;1;10',
        'Z-1;1;01.02.2024;7801122331;Новый клиент;2;A-1;Болт М8;1;10',
        'Z-2;2;02.02.2024;7708123450;Ромашка;1;A-1;Болт М8;1;10',
        'Z-2;2;02.02.2024;7708123450;Ромашка;1;B-2;Гайка;1;10',
        'Z-3;3;03.02.2024;7708123450;Ромашка;1;A-1;Болт М8;2;10',
      ].join('\n'),
    );
    try {
      const { id, done } = await startImport(h.ctx, null, { type: 'orders', dryRun: true, filePath: file });
      await done;
      const job = await getImport(h.ctx, null, id);
      expect(job).toMatchObject({ status: 'succeeded', rowsImported: 1, rowsFailed: 4, counts: { orders: { created: 1 } } });
      expect(await report(job.id)).toEqual([
        '2;Номер;;skipped: row 3 of the same order has errors',
        '3;Контрагент;;the client differs from row 2 of the same order',
        '4;Номер;;skipped: row 5 of the same order has errors',
        '5;Номер строки;1;line 1 of order Z-2 repeats row 4',
      ]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('a commit that fails midway leaves the database exactly as before', async () => {
    const before = await snapshot();
    // The last statement of the merge (the lines) fails after clients, products and orders were written.
    await sql`CREATE FUNCTION hf_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated disk failure'; END $$`.execute(h.ctx.db);
    await sql`CREATE TRIGGER hf_test_fail BEFORE INSERT ON order_lines FOR EACH STATEMENT EXECUTE FUNCTION hf_test_fail()`.execute(h.ctx.db);
    try {
      const job = await importFile('orders.xml', false);
      expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/simulated disk failure/) });
      expect(await snapshot()).toEqual(before);
      // In bulk mode the failure comes after the line foreign keys were dropped: they come back too.
      const bulk = await importFile('orders.xml', false, 1);
      expect(bulk).toMatchObject({ status: 'failed', error: expect.stringMatching(/simulated disk failure/) });
      expect(await snapshot()).toEqual(before);

      // A dry run reports the same failure as "would fail" and keeps its report.
      const dry = await importFile('orders.xml', true);
      expect(dry).toMatchObject({ status: 'failed', rowsFailed: 1, error: expect.stringMatching(/^the commit would fail: .*simulated disk failure/) });
      expect(await report(dry.id)).toEqual(['124;Контрагент/ИНН;7708123451;INN check digit is wrong']);
      expect(await snapshot()).toEqual(before);
    } finally {
      await sql`DROP TRIGGER hf_test_fail ON order_lines`.execute(h.ctx.db);
      await sql`DROP FUNCTION hf_test_fail()`.execute(h.ctx.db);
    }
    const retry = await importFile('orders.xml', false, 1);
    expect(retry).toMatchObject({ status: 'succeeded', counts: { orders: { created: 2, updated: 0 } } });
    const after = await snapshot();
    expect(after.line_keys).toBe(before.line_keys);
    expect(after.line_keys).toMatch(/^order_lines_order_id_fkey FOREIGN KEY \(order_id\) REFERENCES orders\(id\) ON DELETE CASCADE; order_lines_product_id_fkey FOREIGN KEY/);
  });
});
