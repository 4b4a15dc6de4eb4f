import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { board, boardQuery, deal, dealCreate, dealListQuery, dealUpdate, stageChange } from './deals.schema.js';
import * as service from './deals.service.js';
import { pipelineStagesRoutes } from './pipeline-stages.routes.js';

export function dealsRoutes(app: App, ctx: AppContext) {
  pipelineStagesRoutes(app, ctx);
  const tags = ['deals'];
  app.get('/api/v1/deals', { schema: { tags, querystring: dealListQuery, response: { 200: page(deal) } } }, async (req) =>
    service.listDeals(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/deals/board', { schema: { tags, querystring: boardQuery, response: { 200: board } } }, async (req) =>
    service.dealBoard(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/deals/:id', { schema: { tags, params: idParams, response: { 200: deal } } }, async (req) =>
    service.getDeal(ctx, actorOf(req), req.params.id),
  );
  app.get('/api/v1/deals/:id/history', { schema: { tags, params: idParams, response: { 200: z.array(stageChange) } } }, async (req) =>
    service.dealHistory(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/deals', { schema: { tags, body: dealCreate, response: { 201: deal } } }, async (req, reply) => {
    reply.status(201);
    return service.createDeal(ctx, actorOf(req), req.body);
  });
  app.patch('/api/v1/deals/:id', { schema: { tags, params: idParams, body: dealUpdate, response: { 200: deal } } }, async (req) =>
    service.updateDeal(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/deals/:id/archive', { schema: { tags, params: idParams, response: { 200: deal } } }, async (req) =>
    service.setDealArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/deals/:id/restore', { schema: { tags, params: idParams, response: { 200: deal } } }, async (req) =>
    service.setDealArchived(ctx, actorOf(req), req.params.id, false),
  );
}
