import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import type { ImportType } from '../../domain/import/fields.js';
import { getImport, issuesCsv, startImport } from './import.service.js';

const FIXTURES = path.resolve('test/fixtures/import');

describe('imports of products (English CSV), contacts (XLSX) and activities', () => {
  const h = useApp();
  let romashka: number;
  let sever: number;

  const importFile = async (file: string, type: ImportType, dryRun = false) => {
    const { id, done } = await startImport(h.ctx, null, { type, dryRun, filePath: path.join(FIXTURES, file) });
    await done;
    return getImport(h.ctx, null, id);
  };
  const report = async (id: number) => {
    let csv = '';
    for await (const chunk of await issuesCsv(h.ctx, null, id, 'error', 'en')) csv += chunk;
    return csv.split('\r\n').slice(1, -1);
  };

  beforeAll(async () => {
    await makeEmployee(h.ctx.db, { email: 'ivanova@holdfast.test', name: 'Мария Иванова' });
    romashka = (await makeCompany(h.ctx.db, { name: 'Ромашка', inn: '7708123450' })).id;
    sever = (await makeCompany(h.ctx.db, { name: 'Север', inn: '5001007329' })).id;
    await makeCompany(h.ctx.db, { name: 'Кавычки', inn: '0274062111' });
    await h.ctx.db.insertInto('contacts').values({ company_id: romashka, name: 'Иванова Мария' }).execute();
  });

  it('reads English headers, commas, quoted commas and dot decimals; creates the classifier; rejects a third decimal', async () => {
    const job = await importFile('products-en.csv', 'products');
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 3, rowsFailed: 1, counts: { products: { created: 3, updated: 0 }, productCategories: { created: 2 } } });
    expect(await report(job.id)).toEqual(['5;Price;12.345;"""12.345"" has more than 2 decimal places"']);
    const rows = await h.ctx.db
      .selectFrom('products')
      .innerJoin('product_groups as g', 'g.id', 'products.group_id')
      .innerJoin('product_categories as c', 'c.id', 'g.category_id')
      .select(['sku', 'products.name', 'list_price', 'c.name as category', 'g.name as grp'])
      .orderBy('sku')
      .execute();
    expect(rows).toEqual([
      { sku: 'A-1', name: 'Bolt M8, zinc', list_price: '12.50', category: 'Fasteners', grp: 'Bolts' },
      { sku: 'B-2', name: 'Nut M8', list_price: '1000.00', category: 'Fasteners', grp: 'Nuts' },
      { sku: 'C-3', name: 'Screw', list_price: '3.00', category: 'Без категории', grp: 'Без группы' },
    ]);
    expect((await importFile('products-en.csv', 'products')).counts.products).toEqual({ created: 0, updated: 3 });
  });

  it('reads an XLSX of contacts: date cells, an INN Excel stored as a number, two phones in a cell; names each bad row', async () => {
    const job = await importFile('contacts.xlsx', 'contacts');
    expect(job).toMatchObject({ status: 'succeeded', format: 'xlsx', rowsTotal: 4, rowsImported: 2, rowsFailed: 2 });
    expect(await report(job.id)).toEqual([
      '4;Контрагент;;no company given: fill the company name, INN or code',
      '5;ЛПР;может быть;"""может быть"" is not yes or no (да/нет)"',
      '5;Email;не почта;"""не почта"" is not an email address"',
    ]);
    const contacts = await h.ctx.db
      .selectFrom('contacts')
      .innerJoin('companies', 'companies.id', 'contacts.company_id')
      .select(['contacts.external_id', 'contacts.name', 'companies.inn', 'position', 'is_decision_maker', 'phones', 'emails', 'birthday'])
      .where('contacts.external_id', 'is not', null)
      .orderBy('contacts.external_id')
      .execute();
    expect(contacts).toEqual([
      { external_id: 'C-1', name: 'Сидоров Пётр', inn: '0274062111', position: 'Закупщик', is_decision_maker: true, phones: ['+79120001122'], emails: ['sidorov@kavychki.ru'], birthday: '1980-05-17' },
      { external_id: 'C-2', name: 'Кузнецова Анна', inn: '5001007329', position: 'Директор', is_decision_maker: false, phones: ['+74957654321', '+79031112233'], emails: ['anna@sever.ru'], birthday: null },
    ]);
    const again = await importFile('contacts.xlsx', 'contacts');
    expect(again.counts.contacts).toEqual({ created: 0, updated: 2 });
  });

  it('imports activities by employee email and client INN, matches the contact by name, and is idempotent without ids', async () => {
    const job = await importFile('activities.csv', 'activities');
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 2, rowsFailed: 2, counts: { activities: { created: 2, updated: 0 } } });
    expect(await report(job.id)).toEqual([
      '4;Тип;Телепатия;"""Телепатия"" is not one of: call, email, meeting, visit, note"',
      '5;Сотрудник;nobody@holdfast.test;no current employee with this email or name',
    ]);
    const rows = await h.ctx.db
      .selectFrom('activities')
      .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
      .select(['type', 'activities.company_id', 'contacts.name as contact', 'direction', 'summary', 'occurred_at'])
      .orderBy('occurred_at')
      .execute();
    expect(rows.map((r) => [r.type, r.company_id, r.contact, r.direction, r.summary, r.occurred_at.toISOString()])).toEqual([
      ['call', romashka, 'Иванова Мария', 'outbound', 'Обсудили поставку; ждут КП', '2024-03-05T07:30:00.000Z'],
      ['meeting', sever, null, null, 'Визит в офис', '2024-03-05T21:00:00.000Z'],
    ]);
    const again = await importFile('activities.csv', 'activities');
    expect(again.counts.activities).toEqual({ created: 0, updated: 2 });
  });
});
