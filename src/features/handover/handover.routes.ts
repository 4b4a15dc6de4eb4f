import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import * as draft from './handover-draft.service.js';
import * as due from './handover-due.service.js';
import * as execution from './handover-execute.service.js';
import * as follow from './handover-followup.service.js';
import {
  absenceCreate,
  departureCreate,
  executionResult,
  followUp,
  handover,
  handoverListQuery,
  handoverMessage,
  handoverSettings,
  handoverSettingsUpdate,
  handoverSummary,
  handoverUpdate,
  hunterHandoverCreate,
  itemListQuery,
  itemPage,
  messageListQuery,
  messageParams,
  messageUpdate,
  runDueResult,
} from './handover.schema.js';
import * as service from './handover.service.js';

export function handoverRoutes(app: App, ctx: AppContext) {
  const tags = ['handover'];
  app.post('/api/v1/employees/:id/departure', { schema: { tags, params: idParams, body: departureCreate, response: { 201: handover } } }, async (req, reply) => {
    const created = await draft.openDeparture(ctx, actorOf(req), req.params.id, req.body);
    reply.status(201);
    return created;
  });
  app.post('/api/v1/employees/:id/absence', { schema: { tags, params: idParams, body: absenceCreate, response: { 201: handover } } }, async (req, reply) => {
    const created = await draft.openAbsence(ctx, actorOf(req), req.params.id, req.body);
    reply.status(201);
    return created;
  });
  app.post('/api/v1/employees/:id/hunter-handover', { schema: { tags, params: idParams, body: hunterHandoverCreate, response: { 201: handover } } }, async (req, reply) => {
    const created = await draft.openHunterHandover(ctx, actorOf(req), req.params.id, req.body);
    reply.status(201);
    return created;
  });
  app.get('/api/v1/handovers', { schema: { tags, querystring: handoverListQuery, response: { 200: page(handoverSummary) } } }, async (req) =>
    service.listHandovers(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/handovers/:id', { schema: { tags, params: idParams, response: { 200: handover } } }, async (req) => service.getHandover(ctx, actorOf(req), req.params.id));
  app.patch('/api/v1/handovers/:id', { schema: { tags, params: idParams, body: handoverUpdate, response: { 200: handover } } }, async (req) =>
    service.updateHandover(ctx, actorOf(req), req.params.id, req.body),
  );
  app.get('/api/v1/handovers/:id/items', { schema: { tags, params: idParams, querystring: itemListQuery, response: { 200: itemPage } } }, async (req) =>
    service.listItems(ctx, actorOf(req), req.params.id, req.query),
  );
  app.post('/api/v1/handovers/:id/approve', { schema: { tags, params: idParams, response: { 200: handover } } }, async (req) =>
    service.approveHandover(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/handovers/:id/cancel', { schema: { tags, params: idParams, response: { 200: handover } } }, async (req) =>
    service.cancelHandover(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/handovers/:id/execute', { schema: { tags, params: idParams, response: { 200: executionResult } } }, async (req) =>
    execution.executeHandover(ctx, actorOf(req), req.params.id),
  );
  app.get('/api/v1/handovers/:id/messages', { schema: { tags, params: idParams, querystring: messageListQuery, response: { 200: page(handoverMessage) } } }, async (req) =>
    follow.listMessages(ctx, actorOf(req), req.params.id, req.query),
  );
  app.patch('/api/v1/handovers/:id/messages/:messageId', { schema: { tags, params: messageParams, body: messageUpdate, response: { 200: handoverMessage } } }, async (req) =>
    follow.updateMessage(ctx, actorOf(req), req.params.id, req.params.messageId, req.body),
  );
  app.get('/api/v1/handovers/:id/follow-up', { schema: { tags, params: idParams, response: { 200: followUp } } }, async (req) =>
    follow.getFollowUp(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/handovers/run-due', { schema: { tags, response: { 200: runDueResult } } }, async (req) => due.runDueAsActor(ctx, actorOf(req)));
  app.get('/api/v1/handover-settings', { schema: { tags, response: { 200: handoverSettings } } }, async (req) => follow.getSettings(ctx, actorOf(req)));
  app.patch('/api/v1/handover-settings', { schema: { tags, body: handoverSettingsUpdate, response: { 200: handoverSettings } } }, async (req) =>
    follow.updateSettings(ctx, actorOf(req), req.body),
  );
}
