import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { activity, activityCreate, activityListQuery, activityUpdate } from './activities.schema.js';
import * as service from './activities.service.js';

export function activitiesRoutes(app: App, ctx: AppContext) {
  const tags = ['activities'];
  app.get('/api/v1/activities', { schema: { tags, querystring: activityListQuery, response: { 200: page(activity) } } }, async (req) =>
    service.listActivities(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/activities/:id', { schema: { tags, params: idParams, response: { 200: activity } } }, async (req) =>
    service.getActivity(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/activities', { schema: { tags, body: activityCreate, response: { 201: activity } } }, async (req, reply) => {
    const created = await service.createActivity(ctx, actorOf(req), req.body);
    reply.status(201);
    return created;
  });
  app.patch('/api/v1/activities/:id', { schema: { tags, params: idParams, body: activityUpdate, response: { 200: activity } } }, async (req) =>
    service.updateActivity(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/activities/:id/archive', { schema: { tags, params: idParams, response: { 200: activity } } }, async (req) =>
    service.setActivityArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/activities/:id/restore', { schema: { tags, params: idParams, response: { 200: activity } } }, async (req) =>
    service.setActivityArchived(ctx, actorOf(req), req.params.id, false),
  );
}
