import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { sniffFile } from '../import/source/sniff.js';
import { openTabular } from '../import/source/tabular.js';

// The export endpoints of the import feature, with export control in front of them.
describe('export control on GET /api/v1/exports', () => {
  const h = useApp();
  let manager: { id: number; name: string; email: string };
  let managerSession: Record<string, string>;
  let headSession: Record<string, string>;

  async function giveCompanies(ownerId: number, n: number, prefix: string) {
    const companies = await h.ctx.db
      .insertInto('companies')
      .values(Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i + 1}`, owner_id: ownerId, status: 'active' })))
      .returning('id')
      .execute();
    await h.ctx.db.insertInto('account_team').values(companies.map((c) => ({ company_id: c.id, employee_id: ownerId, role: 'owner' }))).execute();
  }

  beforeAll(async () => {
    manager = await makeEmployee(h.ctx.db, { name: 'Anna Exporter' });
    managerSession = await loginAs(h.app, manager.email);
    headSession = await loginAs(h.app, (await makeEmployee(h.ctx.db, { role: 'head_of_sales' })).email);
    await giveCompanies(manager.id, 3, 'Small');
  });

  const lastExport = () =>
    h.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('actor_id', '=', manager.id).where('action', 'like', 'export.%').orderBy('id', 'desc').executeTakeFirst();

  it('marks a CSV with who exported it, first and last, and logs the row count', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv?lang=en', headers: managerSession });
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(new RegExp(`^# Exported by Anna Exporter <${manager.email}> at \\d{4}-.+Z \\(ref [0-9a-f]{8}\\)$`));
    expect(lines[lines.length - 1]).toBe(lines[0]!.slice(2));
    expect(lines).toHaveLength(1 + 1 + 3 + 1);
    const entry = await lastExport();
    expect(entry).toMatchObject({ action: 'export.run', details: { entity: 'companies', format: 'csv', rowCount: 3, via: 'api' } });
    expect(lines[0]).toContain(`(ref ${(entry!.details as { ref: string }).ref})`);

    // The marked file still imports back: the importer skips both marker lines.
    const file = path.join(fs.mkdtempSync(path.join(tmpdir(), 'hf-export-')), 'companies.csv');
    fs.writeFileSync(file, res.rawPayload);
    const sniffed = await sniffFile(file);
    expect(sniffed.delimiter).toBe(',');
    const table = await openTabular(file, { format: 'csv', encoding: sniffed.encoding, delimiter: sniffed.delimiter });
    expect(table.headers[0]).toBe('External ID');
    const rows: string[][] = [];
    // Rows arrive one by one or in batches, depending on the reader.
    for (let r = await table.rows.next(); !r.done; r = await table.rows.next()) {
      for (const row of ([] as Array<{ cells: string[] }>).concat(r.value as unknown as { cells: string[] })) rows.push(row.cells);
    }
    table.close();
    expect(rows.map((c) => c[1])).toEqual(['Small 1', 'Small 2', 'Small 3']);
  });

  it('marks an XLSX in its document properties and last row', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.xlsx', headers: managerSession });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.creator).toBe(`Anna Exporter <${manager.email}>`);
    expect(workbook.description).toMatch(/^Exported by Anna Exporter .+ \(ref [0-9a-f]{8}\)$/);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe(workbook.description);
    expect(await lastExport()).toMatchObject({ details: { format: 'xlsx', rowCount: 3 } });
  });

  it('answers 403 to a role without export rights', async () => {
    const operator = await loginAs(h.app, (await makeEmployee(h.ctx.db, { role: 'call_centre' })).email);
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/exports/contacts.csv', headers: operator });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Your role may not export client data');
  });

  it('over the approval line: 403 saying approval is needed and how to ask; approved: the file, once', async () => {
    await giveCompanies(manager.id, 147, 'Big'); // 150 rows, above the account manager's 100
    const refused = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv', headers: managerSession });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('This export has 150 rows; your role may export up to 100 rows without approval');
    expect(refused.json().error.message).toContain('POST /api/v1/export-requests');
    expect(await lastExport()).toMatchObject({ action: 'export.denied', details: { rowCount: 150, reason: 'approval_required' } });

    const request = await h.app.inject({
      method: 'POST',
      url: '/api/v1/export-requests',
      headers: managerSession,
      payload: { entity: 'companies', rowCount: 150, format: 'csv', reason: 'Price-list mailing' },
    });
    expect(request.statusCode).toBe(201);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv', headers: managerSession })).statusCode).toBe(403);
    const approve = await h.app.inject({ method: 'POST', url: `/api/v1/export-requests/${request.json().id}/approve`, headers: headSession, payload: {} });
    expect(approve.statusCode).toBe(200);

    const granted = await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv', headers: managerSession });
    expect(granted.statusCode).toBe(200);
    expect(granted.body).toContain('# Exported by Anna Exporter');
    expect(await lastExport()).toMatchObject({ action: 'export.run', details: { rowCount: 150, requestId: request.json().id } });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/exports/companies.csv', headers: managerSession })).statusCode).toBe(403);
  });
});
