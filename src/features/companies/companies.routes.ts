import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { company, companyCreate, companyListQuery, companyUpdate } from './companies.schema.js';
import * as service from './companies.service.js';

export function companyRoutes(app: App, ctx: AppContext) {
  const tags = ['companies'];
  app.get('/api/v1/companies', { schema: { tags, querystring: companyListQuery, response: { 200: page(company) } } }, async (req) =>
    service.listCompanies(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/companies/:id', { schema: { tags, params: idParams, response: { 200: company } } }, async (req) =>
    service.getCompany(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/companies', { schema: { tags, body: companyCreate, response: { 201: company } } }, async (req, reply) => {
    reply.status(201);
    return service.createCompany(ctx, actorOf(req), req.body);
  });
  app.patch('/api/v1/companies/:id', { schema: { tags, params: idParams, body: companyUpdate, response: { 200: company } } }, async (req) =>
    service.updateCompany(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/companies/:id/archive', { schema: { tags, params: idParams, response: { 200: company } } }, async (req) =>
    service.setCompanyArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/companies/:id/restore', { schema: { tags, params: idParams, response: { 200: company } } }, async (req) =>
    service.setCompanyArchived(ctx, actorOf(req), req.params.id, false),
  );
}
