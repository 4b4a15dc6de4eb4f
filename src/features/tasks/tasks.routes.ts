import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { myDayQuery, task, taskCancel, taskComplete, taskCreate, taskListQuery, taskUpdate } from './tasks.schema.js';
import * as service from './tasks.service.js';

export function tasksRoutes(app: App, ctx: AppContext) {
  const tags = ['tasks'];
  app.get('/api/v1/tasks', { schema: { tags, querystring: taskListQuery, response: { 200: page(task) } } }, async (req) =>
    service.listTasks(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/tasks/mine', { schema: { tags, querystring: myDayQuery, response: { 200: page(task) } } }, async (req) =>
    service.myDay(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/tasks/:id', { schema: { tags, params: idParams, response: { 200: task } } }, async (req) =>
    service.getTask(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/tasks', { schema: { tags, body: taskCreate, response: { 201: task } } }, async (req, reply) => {
    const created = await service.createTask(ctx, actorOf(req), req.body);
    reply.status(201);
    return created;
  });
  app.patch('/api/v1/tasks/:id', { schema: { tags, params: idParams, body: taskUpdate, response: { 200: task } } }, async (req) =>
    service.updateTask(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/tasks/:id/complete', { schema: { tags, params: idParams, body: taskComplete, response: { 200: task } } }, async (req) =>
    service.closeTask(ctx, actorOf(req), req.params.id, { status: 'done', result: req.body.result }),
  );
  app.post('/api/v1/tasks/:id/cancel', { schema: { tags, params: idParams, body: taskCancel, response: { 200: task } } }, async (req) =>
    service.closeTask(ctx, actorOf(req), req.params.id, { status: 'cancelled', result: req.body?.result ?? null }),
  );
  app.post('/api/v1/tasks/:id/archive', { schema: { tags, params: idParams, response: { 200: task } } }, async (req) =>
    service.setTaskArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/tasks/:id/restore', { schema: { tags, params: idParams, response: { 200: task } } }, async (req) =>
    service.setTaskArchived(ctx, actorOf(req), req.params.id, false),
  );
}
