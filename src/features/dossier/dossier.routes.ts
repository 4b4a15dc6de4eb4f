import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { dossier, dossierParams, dossierQuery } from './dossier.schema.js';
import * as service from './dossier.service.js';

export function dossierRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/v1/companies/:id/dossier',
    { schema: { tags: ['companies'], params: dossierParams, querystring: dossierQuery, response: { 200: dossier } } },
    async (req) => service.getDossier(ctx, actorOf(req), req.params.id, req.query),
  );
}
