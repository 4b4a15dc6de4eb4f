import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { seat, seatCreate, seatParams, team, teamParams, teamQuery } from './account-team.schema.js';
import * as service from './account-team.service.js';

export function accountTeamRoutes(app: App, ctx: AppContext) {
  const tags = ['account team'];
  app.get('/api/v1/companies/:id/team', { schema: { tags, params: teamParams, querystring: teamQuery, response: { 200: team } } }, async (req) =>
    service.listTeam(ctx, actorOf(req), req.params.id, req.query),
  );
  app.post('/api/v1/companies/:id/team', { schema: { tags, params: teamParams, body: seatCreate, response: { 201: seat } } }, async (req, reply) => {
    reply.status(201);
    return service.addSeat(ctx, actorOf(req), req.params.id, req.body);
  });
  app.post('/api/v1/companies/:id/team/:seatId/end', { schema: { tags, params: seatParams, response: { 200: seat } } }, async (req) =>
    service.endSeat(ctx, actorOf(req), req.params.id, req.params.seatId),
  );
}
