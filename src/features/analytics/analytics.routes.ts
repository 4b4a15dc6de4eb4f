import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import {
  abcHistory,
  abcHistoryQuery,
  abcQuery,
  abcReport,
  backtestQuery,
  backtestReport,
  churnRiskQuery,
  churnRiskReport,
  coverageQuery,
  coverageReport,
  dependencyQuery,
  dependencyReport,
  keyAccountsQuery,
  keyAccountsReport,
} from './analytics.schema.js';
import * as service from './analytics.service.js';

const refreshResult = z.object({ rollupMs: z.number(), historyMs: z.number(), clientsMs: z.number() });

export function analyticsRoutes(app: App, ctx: AppContext) {
  const tags = ['analytics'];
  app.get('/api/v1/analytics/abc', { schema: { tags, querystring: abcQuery, response: { 200: abcReport } } }, async (req) =>
    service.getAbc(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/analytics/abc/history', { schema: { tags, querystring: abcHistoryQuery, response: { 200: abcHistory } } }, async (req) =>
    service.getAbcHistory(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/analytics/coverage', { schema: { tags, querystring: coverageQuery, response: { 200: coverageReport } } }, async (req) =>
    service.getCoverage(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/analytics/dependency', { schema: { tags, querystring: dependencyQuery, response: { 200: dependencyReport } } }, async (req) =>
    service.getDependency(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/analytics/key-accounts', { schema: { tags, querystring: keyAccountsQuery, response: { 200: keyAccountsReport } } }, async (req) =>
    service.getKeyAccounts(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/analytics/churn-risk', { schema: { tags, querystring: churnRiskQuery, response: { 200: churnRiskReport } } }, async (req) =>
    service.getChurnRisk(ctx, actorOf(req), req.query),
  );
  app.get('/api/v1/analytics/backtest', { schema: { tags, querystring: backtestQuery, response: { 200: backtestReport } } }, async (req) =>
    service.backtestFor(ctx, actorOf(req), req.query),
  );
  // Rebuilds every read model from the orders; normally unnecessary (reads catch up by themselves).
  app.post('/api/v1/analytics/refresh', { schema: { tags, response: { 200: refreshResult } } }, async (req) =>
    service.refreshFor(ctx, actorOf(req)),
  );
}
