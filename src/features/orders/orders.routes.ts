import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { monthlyQuery, monthlyTotals, order, orderCreate, orderListQuery, orderSummary, orderUpdate } from './orders.schema.js';
import * as service from './orders.service.js';

export function ordersRoutes(app: App, ctx: AppContext) {
  const tags = ['orders'];
  app.get('/api/v1/orders', { schema: { tags, querystring: orderListQuery, response: { 200: page(orderSummary) } } }, async (req) =>
    service.listOrders(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/orders/:id', { schema: { tags, params: idParams, response: { 200: order } } }, async (req) =>
    service.getOrder(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/orders', { schema: { tags, body: orderCreate, response: { 201: order } } }, async (req, reply) => {
    reply.status(201);
    return service.createOrder(ctx, actorOf(req), req.body);
  });
  app.patch('/api/v1/orders/:id', { schema: { tags, params: idParams, body: orderUpdate, response: { 200: order } } }, async (req) =>
    service.updateOrder(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/orders/:id/archive', { schema: { tags, params: idParams, response: { 200: order } } }, async (req) =>
    service.setOrderArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/orders/:id/restore', { schema: { tags, params: idParams, response: { 200: order } } }, async (req) =>
    service.setOrderArchived(ctx, actorOf(req), req.params.id, false),
  );
  app.get(
    '/api/v1/companies/:id/orders/monthly',
    { schema: { tags, params: idParams, querystring: monthlyQuery, response: { 200: monthlyTotals } } },
    async (req) => service.companyMonthlyTotals(ctx, actorOf(req), req.params.id, req.query.months),
  );
}
