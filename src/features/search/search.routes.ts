import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { phoneLookup, phoneParams, searchQuery, searchResult } from './search.schema.js';
import * as service from './search.service.js';

export function searchRoutes(app: App, ctx: AppContext) {
  const tags = ['search'];
  app.get('/api/v1/search', { schema: { tags, querystring: searchQuery, response: { 200: searchResult } } }, async (req) =>
    service.search(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/lookup/phone/:number', { schema: { tags, params: phoneParams, response: { 200: phoneLookup } } }, async (req) =>
    service.lookupPhone(ctx, actorOf(req), req.params.number),
  );
}
