import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { page } from '../shared/common.schema.js';
import { auditEntry, auditListQuery, verifyResult } from './audit.schema.js';
import * as service from './audit.service.js';

export function auditRoutes(app: App, ctx: AppContext) {
  const tags = ['audit'];
  app.get('/api/v1/audit', { schema: { tags, querystring: auditListQuery, response: { 200: page(auditEntry) } } }, async (req) =>
    service.listAudit(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/audit/verify', { schema: { tags, response: { 200: verifyResult } } }, async (req) => service.verifyAudit(ctx, actorOf(req)));
}
