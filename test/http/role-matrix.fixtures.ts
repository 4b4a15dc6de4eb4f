import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { ROLES, type Role } from '../../src/domain/actor.js';
import { createApiToken } from '../../src/features/auth/auth.service.js';
import type { App } from '../../src/http/types.js';
import type { TestContext } from '../db.js';
import { loginAs, makeCompany, makeEmployee } from '../factories.js';

// Per role: an employee with a session and records of its own (its client, with a contact, an
// order, a deal, an activity and tasks), so "allowed" is tested on data the role may touch. The call
// centre holds no seat: its client is someone else's, as in the domain.
export type RoleFixture = {
  role: Role;
  employeeId: number;
  headers: { cookie: string };
  logoutHeaders: { cookie: string };
  tokenId: number;
  company: number;
  contact: number;
  order: number;
  deal: number;
  activity: number;
  task: number;
  taskToComplete: number;
  taskToCancel: number;
  seatToEnd: number;
  targetEmployee: number;
  category: number;
  group: number;
  product: number;
  stage: number;
  alertToReview: number;
  alertToDismiss: number;
  exportRequestToApprove: number;
  exportRequestToReject: number;
};

export type Shared = {
  director: { cookie: string };
  category: number;
  group: number;
  product: number;
  spare: number;
  fileId: string;
  importId: number;
  exportRequest: number;
};

export function csvUpload(boundary: string, csv: string) {
  return [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="companies.csv"', 'Content-Type: text/csv', '', csv, `--${boundary}--`, ''].join('\r\n');
}
export const BOUNDARY = 'holdfast-matrix';
export const UPLOAD_HEADERS = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
export const UPLOAD_BODY = csvUpload(BOUNDARY, 'Название;ИНН\r\nООО Матрица;\r\n');

async function api(app: App, headers: { cookie: string }, method: 'POST', url: string, payload: object) {
  const res = await app.inject({ method, url, headers, payload });
  if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number; fileId?: string };
}

async function catalogue(db: Kysely<DB>, name: string) {
  const category = (await db.insertInto('product_categories').values({ name: `Кат ${name}` }).returning('id').executeTakeFirstOrThrow()).id;
  const group = (await db.insertInto('product_groups').values({ category_id: category, name: `Гр ${name}` }).returning('id').executeTakeFirstOrThrow()).id;
  const product = (await db.insertInto('products').values({ group_id: group, sku: `SKU-${name}`, name: `Товар ${name}`, list_price: '10.00' }).returning('id').executeTakeFirstOrThrow()).id;
  return { category, group, product };
}

export async function buildFixtures(ctx: TestContext, app: App): Promise<{ shared: Shared; byRole: Record<Role, RoleFixture> }> {
  const db = ctx.db;
  const directorEmp = await makeEmployee(db, { role: 'director' });
  const director = await loginAs(app, directorEmp.email);
  const spare = (await makeEmployee(db, { role: 'account_manager' })).id;
  const spare2 = (await makeEmployee(db, { role: 'account_manager' })).id;
  const baseOwner = (await makeEmployee(db, { role: 'account_manager' })).id;
  const requesterEmp = await makeEmployee(db, { role: 'account_manager' });
  const requester = await loginAs(app, requesterEmp.email);
  const cat = await catalogue(db, 'общий');
  const request = (reason: string) => api(app, requester, 'POST', '/api/v1/export-requests', { entity: 'companies', rowCount: 200, reason });

  const upload = await app.inject({ method: 'POST', url: '/api/v1/imports/files?type=companies', headers: { ...director, ...UPLOAD_HEADERS }, payload: UPLOAD_BODY });
  if (upload.statusCode !== 201) throw new Error(`fixture upload: ${upload.statusCode} ${upload.body}`);
  const fileId = upload.json().fileId as string;
  const run = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: director, payload: { fileId, type: 'companies', dryRun: true, wait: true } });
  if (run.statusCode !== 200) throw new Error(`fixture import: ${run.statusCode} ${run.body}`);

  const shared: Shared = { director, ...cat, spare, fileId, importId: run.json().id, exportRequest: (await request('общий запрос')).id };
  const byRole = {} as Record<Role, RoleFixture>;
  for (const role of ROLES) {
    const emp = await makeEmployee(db, { role, name: `Матрица ${role}` });
    const headers = await loginAs(app, emp.email);
    const logoutHeaders = await loginAs(app, emp.email);
    const tokenId = (await createApiToken(ctx, { employeeId: emp.id, name: 'matrix' })).id;
    const company = (await makeCompany(db, { ownerId: role === 'call_centre' ? baseOwner : emp.id, name: `Клиент ${role}` })).id;
    const contact = (await db.insertInto('contacts').values({ company_id: company, name: `Контакт ${role}`, phones: ['+79161234567'], emails: ['c@firma.ru'] }).returning('id').executeTakeFirstOrThrow()).id;
    const line = { productId: cat.product, quantity: '1', cost: '5.00' };
    const order = (await api(app, director, 'POST', '/api/v1/orders', { companyId: company, number: `M-${role}`, orderedOn: '2026-01-10', lines: [line] })).id;
    const deal = (await api(app, director, 'POST', '/api/v1/deals', { companyId: company, title: `Сделка ${role}`, ownerId: emp.id })).id;
    const activity = (await api(app, director, 'POST', '/api/v1/activities', { companyId: company, type: 'call', employeeId: emp.id, summary: 'Звонок' })).id;
    const task = async (title: string) => (await api(app, director, 'POST', '/api/v1/tasks', { title, companyId: company, assigneeId: emp.id })).id;
    const seatToEnd = (await api(app, director, 'POST', `/api/v1/companies/${company}/team`, { employeeId: spare2, role: 'backup' })).id;
    const own = await catalogue(db, role);
    const stage = (await api(app, director, 'POST', '/api/v1/pipeline-stages', { name: `Этап ${role}` })).id;
    const alert = async (kind: string) =>
      (await db.insertInto('security_alerts').values({ kind: `matrix_${kind}_${role}`, employee_id: spare, evidence: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    byRole[role] = {
      role,
      employeeId: emp.id,
      headers,
      logoutHeaders,
      tokenId,
      company,
      contact,
      order,
      deal,
      activity,
      task: await task('Задача'),
      taskToComplete: await task('Выполнить'),
      taskToCancel: await task('Отменить'),
      seatToEnd,
      targetEmployee: (await makeEmployee(db, { role: 'hunter' })).id,
      ...own,
      stage,
      alertToReview: await alert('review'),
      alertToDismiss: await alert('dismiss'),
      exportRequestToApprove: (await request(`одобрить ${role}`)).id,
      exportRequestToReject: (await request(`отклонить ${role}`)).id,
    };
  }
  return { shared, byRole };
}
