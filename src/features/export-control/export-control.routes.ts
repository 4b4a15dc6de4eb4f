import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { approveBody, exportRequest, exportRequestCreate, exportRequestListQuery, rejectBody } from './export-control.schema.js';
import * as service from './export-requests.service.js';

export function exportRequestsRoutes(app: App, ctx: AppContext) {
  const tags = ['export control'];
  app.post('/api/v1/export-requests', { schema: { tags, body: exportRequestCreate, response: { 201: exportRequest } } }, async (req, reply) => {
    reply.status(201);
    return service.createExportRequest(ctx, actorOf(req), req.body);
  });
  app.get('/api/v1/export-requests', { schema: { tags, querystring: exportRequestListQuery, response: { 200: page(exportRequest) } } }, async (req) =>
    service.listExportRequests(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/export-requests/:id', { schema: { tags, params: idParams, response: { 200: exportRequest } } }, async (req) =>
    service.getExportRequest(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/export-requests/:id/approve', { schema: { tags, params: idParams, body: approveBody, response: { 200: exportRequest } } }, async (req) =>
    service.decideExportRequest(ctx, actorOf(req), req.params.id, { status: 'approved', note: req.body?.note ?? null }),
  );
  app.post('/api/v1/export-requests/:id/reject', { schema: { tags, params: idParams, body: rejectBody, response: { 200: exportRequest } } }, async (req) =>
    service.decideExportRequest(ctx, actorOf(req), req.params.id, { status: 'rejected', note: req.body.reason }),
  );
}
