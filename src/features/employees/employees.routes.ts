import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { employee, employeeCreate, employeeDetail, employeeListQuery, employeeUpdate, statusChange } from './employees.schema.js';
import * as service from './employees.service.js';
import { noticeBody, noticeResult } from './employees-notice.schema.js';
import { giveNotice } from './employees-notice.service.js';

export function employeesRoutes(app: App, ctx: AppContext) {
  const tags = ['employees'];
  app.get('/api/v1/employees', { schema: { tags, querystring: employeeListQuery, response: { 200: page(employee) } } }, async (req) =>
    service.listEmployees(ctx, req.query),
  );
  app.get('/api/v1/employees/:id', { schema: { tags, params: idParams, response: { 200: employeeDetail } } }, async (req) =>
    service.getEmployee(ctx, req.params.id),
  );
  app.get(
    '/api/v1/employees/:id/status-history',
    { schema: { tags, params: idParams, response: { 200: z.array(statusChange) } } },
    async (req) => service.getStatusHistory(ctx, req.params.id),
  );
  app.post('/api/v1/employees', { schema: { tags, body: employeeCreate, response: { 201: employeeDetail } } }, async (req, reply) => {
    const created = await service.addEmployee(ctx, actorOf(req), req.body);
    reply.status(201);
    return created;
  });
  app.patch('/api/v1/employees/:id', { schema: { tags, params: idParams, body: employeeUpdate, response: { 200: employeeDetail } } }, async (req) =>
    service.updateEmployee(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/employees/:id/notice', { schema: { tags, params: idParams, body: noticeBody, response: { 200: noticeResult } } }, async (req) =>
    giveNotice(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/employees/:id/archive', { schema: { tags, params: idParams, response: { 200: employeeDetail } } }, async (req) =>
    service.setEmployeeArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/employees/:id/restore', { schema: { tags, params: idParams, response: { 200: employeeDetail } } }, async (req) =>
    service.setEmployeeArchived(ctx, actorOf(req), req.params.id, false),
  );
}
