import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import * as alerts from './alerts.service.js';
import { alert, alertListQuery, dismissBody, reviewBody } from './signals.schema.js';

export function alertsRoutes(app: App, ctx: AppContext) {
  const tags = ['security alerts'];
  app.get('/api/v1/alerts', { schema: { tags, querystring: alertListQuery, response: { 200: page(alert) } } }, async (req) =>
    alerts.listAlerts(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/alerts/:id', { schema: { tags, params: idParams, response: { 200: alert } } }, async (req) =>
    alerts.getAlert(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/alerts/:id/review', { schema: { tags, params: idParams, body: reviewBody, response: { 200: alert } } }, async (req) =>
    alerts.decideAlert(ctx, actorOf(req), req.params.id, { status: 'reviewed', reason: req.body?.note ?? null }),
  );
  app.post('/api/v1/alerts/:id/dismiss', { schema: { tags, params: idParams, body: dismissBody, response: { 200: alert } } }, async (req) =>
    alerts.decideAlert(ctx, actorOf(req), req.params.id, { status: 'dismissed', reason: req.body.reason }),
  );
}
