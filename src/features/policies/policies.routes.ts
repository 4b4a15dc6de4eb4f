import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { roleParams, rolePolicyUpdate, rolePolicyView } from './policies.schema.js';
import * as service from './policies.service.js';

export function policiesRoutes(app: App, ctx: AppContext) {
  const tags = ['policies'];
  app.get('/api/v1/policies', { schema: { tags, response: { 200: z.object({ items: z.array(rolePolicyView) }) } } }, async (req) => ({
    items: await service.listPolicies(ctx, actorOf(req)),
  }));
  app.put('/api/v1/policies/:role', { schema: { tags, params: roleParams, body: rolePolicyUpdate, response: { 200: rolePolicyView } } }, async (req) =>
    service.updatePolicy(ctx, actorOf(req), req.params.role, req.body),
  );
}
