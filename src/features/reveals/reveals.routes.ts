import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams } from '../shared/common.schema.js';
import { revealBody, revealResult } from './reveals.schema.js';
import * as service from './reveals.service.js';

export function revealsRoutes(app: App, ctx: AppContext) {
  app.post(
    '/api/v1/contacts/:id/reveal',
    { schema: { tags: ['contacts'], params: idParams, body: revealBody, response: { 200: revealResult } } },
    async (req) => service.revealContact(ctx, actorOf(req), req.params.id, req.body),
  );
}
