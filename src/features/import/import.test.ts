import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { multipart } from './import.test-helpers.js';

const FIXTURES = path.resolve('test/fixtures/import');

describe('imports API: companies from a Windows-1251 CSV', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };

  const upload = async (who: { cookie: string }, fixture: string, type: string) => {
    const body = multipart(fixture, fs.readFileSync(path.join(FIXTURES, fixture)));
    return h.app.inject({ method: 'POST', url: `/api/v1/imports/files?type=${type}`, headers: { ...who, ...body.headers }, payload: body.payload });
  };
  const run = async (fileId: string, dryRun: boolean, extra: object = {}) =>
    h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: head, payload: { fileId, type: 'companies', dryRun, wait: true, ...extra } });
  const companyCount = async () => Number((await h.ctx.db.selectFrom('companies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
  });

  it('detects the encoding, the semicolons and the Russian headers on upload, and previews decoded rows', async () => {
    const res = await upload(head, 'companies-cp1251.csv', 'companies');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ format: 'csv', encoding: 'windows-1251', delimiter: ';', problems: [] });
    expect(body.headers[1]).toBe('Наименование');
    expect(body.mapping).toMatchObject({ externalId: 1, name: 2, inn: 3, kpp: 4, phone: 5, contactName: 6, annualPotential: 7, status: 8, tags: 9, owner: null });
    expect(body.rows[0]).toEqual({ rowNo: 2, cells: expect.arrayContaining(['ООО «Ромашка»', '1 500 000,50']) });
  });

  it('does a dry run that reports each bad row by number and column and writes no client', async () => {
    const before = await companyCount();
    const { fileId } = (await upload(head, 'companies-cp1251.csv', 'companies')).json();
    const res = await run(fileId, true);
    expect(res.statusCode).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true, rowsTotal: 6, rowsImported: 4, rowsFailed: 2, errorCount: 2 });
    expect(job.counts.companies).toEqual({ created: 4, updated: 0, merged: 0 });
    expect(await companyCount()).toBe(before);

    const report = await h.app.inject({ method: 'GET', url: job.errorsUrl, headers: head });
    expect(report.headers['content-type']).toMatch(/text\/csv/);
    expect(report.body.split('\r\n')).toEqual([
      '\uFEFFСтрока;Столбец;Значение;Ошибка',
      '4;ИНН;7708123451;INN check digit is wrong',
      '5;Код;К-001;external ID repeats row 2',
      '',
    ]);
  });

  it('commits: decimal commas, a restored leading zero, tags, statuses and a contact for the phone', async () => {
    const { fileId } = (await upload(head, 'companies-cp1251.csv', 'companies')).json();
    const job = (await run(fileId, false)).json();
    expect(job).toMatchObject({ status: 'succeeded', rowsImported: 4, rowsFailed: 2 });
    const rows = await h.ctx.db.selectFrom('companies').selectAll().where('external_id', 'in', ['К-001', 'К-002', 'К-004', 'К-005']).orderBy('external_id').execute();
    expect(rows.map((r) => [r.external_id, r.name, r.inn, r.status, r.annual_potential, r.tags])).toEqual([
      ['К-001', 'ООО «Ромашка»', '7708123450', 'active', '1500000.50', ['опт', 'VIP']],
      ['К-002', 'АО "Север"', '5001007329', 'prospect', '250000.00', []],
      ['К-004', 'ООО "Кавычки"', '0274062111', 'prospect', '12.50', []],
      ['К-005', 'Без ИНН', null, 'prospect', null, []],
    ]);
    const contact = await h.ctx.db.selectFrom('contacts').selectAll().where('company_id', '=', rows[0]!.id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ name: 'Иванова Мария', phones: ['+79123456789'] });
  });

  it('re-importing the same file updates and creates no duplicates', async () => {
    const before = await companyCount();
    const contactsBefore = Number((await h.ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const { fileId } = (await upload(head, 'companies-cp1251.csv', 'companies')).json();
    const job = (await run(fileId, false)).json();
    expect(job.counts.companies).toEqual({ created: 0, updated: 4, merged: 0 });
    expect(await companyCount()).toBe(before);
    const contactsAfter = Number((await h.ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(contactsAfter).toBe(contactsBefore);
  });

  it('merges by INN, else by normalised name plus a known phone, and reports each merge', async () => {
    const byInn = await makeCompany(h.ctx.db, { name: 'Север (старое название)', inn: '6623011227' });
    const byPhone = await makeCompany(h.ctx.db, { name: 'Лесторг, ООО' });
    await h.ctx.db.insertInto('contacts').values({ company_id: byPhone.id, name: 'Секретарь', phones: ['+74951112233'] }).execute();
    const csv = 'Наименование;ИНН;Телефон\r\nАО Север-Урал;6623011227;\r\nООО «Лесторг»;;8 (495) 111-22-33\r\nЛесторг;;+7 999 000 00 00\r\n';
    const body = multipart('merge.csv', Buffer.from(csv));
    const up = await h.app.inject({ method: 'POST', url: '/api/v1/imports/files?type=companies', headers: { ...head, ...body.headers }, payload: body.payload });
    const job = (await run(up.json().fileId, false)).json();
    expect(job.counts.companies).toEqual({ created: 1, updated: 2, merged: 2 });
    expect(job.merges).toEqual([
      { rowNo: 2, column: 'Наименование', value: '6623011227', message: `merged with the existing client «Север (старое название)» (id ${byInn.id}) by INN`, recordId: byInn.id },
      { rowNo: 3, column: 'Наименование', value: 'ООО «Лесторг»', message: `merged with the existing client «Лесторг, ООО» (id ${byPhone.id}) by name and phone`, recordId: byPhone.id },
    ]);
    const merged = await h.ctx.db.selectFrom('companies').select(['id', 'name']).where('id', 'in', [byInn.id, byPhone.id]).orderBy('id').execute();
    expect(merged.map((c) => c.name)).toEqual(['АО Север-Урал', 'ООО «Лесторг»']);
    const mergesCsv = await h.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/merges.csv?lang=en`, headers: head });
    expect(mergesCsv.body.split('\r\n')[0]).toBe('\uFEFFRow;Column;Value;Merged;Record ID');
  });

  it('answers 400 naming the missing required column, and records no import', async () => {
    const body = multipart('orders.csv', fs.readFileSync(path.join(FIXTURES, 'orders-missing-column.csv')));
    const up = (await h.app.inject({ method: 'POST', url: '/api/v1/imports/files?type=orders', headers: { ...head, ...body.headers }, payload: body.payload })).json();
    expect(up.problems).toEqual([{ field: 'quantity', message: 'required column is missing: Количество / Quantity' }]);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: head, payload: { fileId: up.fileId, type: 'orders', dryRun: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'mapping.quantity', message: 'required column is missing: Количество / Quantity' }]);
    const fixed = await h.app.inject({
      method: 'POST',
      url: `/api/v1/imports/files/${up.fileId}/preview`,
      headers: head,
      payload: { type: 'orders', settings: { columns: { quantity: 'Цена', price: null } } },
    });
    expect(fixed.json().problems).toEqual([{ field: 'price', message: expect.stringMatching(/^one of these columns is required/) }]);
  });

  it('starts in the background with 202 and reports progress until it is done', async () => {
    const { fileId } = (await upload(head, 'companies-cp1251.csv', 'companies')).json();
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: head, payload: { fileId, type: 'companies', dryRun: true } });
    expect(res.statusCode).toBe(202);
    let job = res.json();
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await h.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}`, headers: head })).json();
    }
    expect(job).toMatchObject({ status: 'succeeded', progress: null, rowsTotal: 6, error: null });
    const list = (await h.app.inject({ method: 'GET', url: '/api/v1/imports?limit=1', headers: head })).json();
    expect(list.items[0].id).toBe(job.id);
  });

  it('lets only management import, and answers 404 for unknown imports and files', async () => {
    expect((await upload(manager, 'companies-cp1251.csv', 'companies')).statusCode).toBe(403);
    const { fileId } = (await upload(head, 'companies-cp1251.csv', 'companies')).json();
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: manager, payload: { fileId, type: 'companies', dryRun: true } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/imports/999999', headers: head })).statusCode).toBe(404);
    const missing = await h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: head, payload: { fileId: '00000000-0000-4000-8000-000000000000', type: 'companies', dryRun: true } });
    expect(missing.statusCode).toBe(404);
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/imports', headers: head, payload: { fileId, type: 'clients', dryRun: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['dryRun', 'type']);
  });
});
