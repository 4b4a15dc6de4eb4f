import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { contact, contactCreate, contactListQuery, contactUpdate } from './contacts.schema.js';
import * as service from './contacts.service.js';

export function contactsRoutes(app: App, ctx: AppContext) {
  const tags = ['contacts'];
  app.get('/api/v1/contacts', { schema: { tags, querystring: contactListQuery, response: { 200: page(contact) } } }, async (req) =>
    service.listContacts(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/contacts/:id', { schema: { tags, params: idParams, response: { 200: contact } } }, async (req) =>
    service.getContact(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/v1/contacts', { schema: { tags, body: contactCreate, response: { 201: contact } } }, async (req, reply) => {
    reply.status(201);
    return service.createContact(ctx, actorOf(req), req.body);
  });
  app.patch('/api/v1/contacts/:id', { schema: { tags, params: idParams, body: contactUpdate, response: { 200: contact } } }, async (req) =>
    service.updateContact(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/contacts/:id/archive', { schema: { tags, params: idParams, response: { 200: contact } } }, async (req) =>
    service.setContactArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post('/api/v1/contacts/:id/restore', { schema: { tags, params: idParams, response: { 200: contact } } }, async (req) =>
    service.setContactArchived(ctx, actorOf(req), req.params.id, false),
  );
}
