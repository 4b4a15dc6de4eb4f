import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { stage, stageCreate, stageListQuery, stageUpdate } from './pipeline-stages.schema.js';
import * as service from './pipeline-stages.service.js';

export function pipelineStagesRoutes(app: App, ctx: AppContext) {
  const tags = ['pipeline'];
  app.get('/api/v1/pipeline-stages', { schema: { tags, querystring: stageListQuery, response: { 200: page(stage) } } }, async (req) =>
    service.listStages(ctx, req.query),
  );
  app.get('/api/v1/pipeline-stages/:id', { schema: { tags, params: idParams, response: { 200: stage } } }, async (req) =>
    service.getStage(ctx, req.params.id),
  );
  app.post('/api/v1/pipeline-stages', { schema: { tags, body: stageCreate, response: { 201: stage } } }, async (req, reply) => {
    reply.status(201);
    return service.createStage(ctx, actorOf(req), req.body);
  });
  app.patch('/api/v1/pipeline-stages/:id', { schema: { tags, params: idParams, body: stageUpdate, response: { 200: stage } } }, async (req) =>
    service.updateStage(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/pipeline-stages/:id/archive', { schema: { tags, params: idParams, response: { 200: stage } } }, async (req) =>
    service.setStageArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/pipeline-stages/:id/restore', { schema: { tags, params: idParams, response: { 200: stage } } }, async (req) =>
    service.setStageArchived(ctx, actorOf(req), req.params.id, false),
  );
}
