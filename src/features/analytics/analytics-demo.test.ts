import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { sql } from 'kysely';
import { classifyAbc } from '../../domain/analytics/abc.js';
import { scoreChurn } from '../../domain/analytics/churn.js';
import { shiftDate } from '../../domain/analytics/dates.js';
import { DEMO_LOGINS, DEMO_PASSWORD, type DemoSummary, generateDemo } from '../demo/demo.service.js';
import { dbToday } from './analytics.fixtures.js';

// The acceptance check on the demo company: every situation the generator plants is found by the
// endpoints with their default parameters, and the churn warning beats the base rate in a backtest.
describe('analytics on the demo company', () => {
  const h = useApp();
  let director: { cookie: string };
  let demo: DemoSummary;
  let today: string;

  const get = async (url: string) => {
    const res = await h.app.inject({ method: 'GET', url, headers: director });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    today = await dbToday(h.ctx.db);
    demo = await generateDemo(h.ctx, { seed: 42, clients: 400, years: 3, today });
    const login = DEMO_LOGINS.find((l) => l.role === 'director');
    director = await loginAs(h.app, login!.email, DEMO_PASSWORD);
  }, 120_000);

  it('finds the big clients only one person knows', async () => {
    const planted = demo.planted.singleKnower.examples;
    expect(planted.length).toBeGreaterThan(0);
    const body = await get('/api/v1/analytics/coverage?onlyFlagged=true&limit=200');
    const flagged = new Map(body.items.map((i: { companyId: number; knowersCount: number }) => [i.companyId, i.knowersCount]));
    for (const p of planted) expect(flagged.get(p.id), p.name).toBe(1);
    expect(body.summary.singlePersonShare).toBeGreaterThan(0);
  });

  it('proposes the big-potential client buying a narrow assortment as a key-account candidate', async () => {
    const [narrow] = demo.planted.narrowWallet.examples;
    const body = await get('/api/v1/analytics/key-accounts?limit=200');
    const item = body.items.find((i: { companyId: number }) => i.companyId === narrow!.id);
    expect(item, narrow!.name).toBeDefined();
    expect(item).toMatchObject({ candidate: true, keyAccountManagerId: null });
    expect(item.shareOfWallet).toBeLessThan(0.05);
    expect(item.categoriesBought).toBeLessThanOrEqual(2);
    expect(item.why).toMatch(/^Potential .+ share of wallet\); buys [12] of \d+ product categories; held by .+\(account manager\), no key-account manager\. Candidate: /);
  });

  it('flags the fading clients as fading while they still order', async () => {
    const planted = demo.planted.fading.examples;
    expect(planted.length).toBeGreaterThan(0);
    const body = await get('/api/v1/analytics/churn-risk?limit=200');
    const byId = new Map(body.items.map((i: { companyId: number }) => [i.companyId, i]));
    for (const p of planted) {
      const item = byId.get(p.id) as { pattern: string; flagged: boolean; daysSinceLastOrder: number; expectedIntervalDays: number } | undefined;
      expect(item, p.name).toMatchObject({ pattern: 'fading', flagged: true });
      expect(item!.daysSinceLastOrder).toBeLessThan(2 * item!.expectedIntervalDays);
    }
  });

  it('ranks the manager holding a large share of revenue first by walk-away revenue', async () => {
    const star = demo.planted.dominantManager;
    const body = await get('/api/v1/analytics/dependency');
    expect(body.items[0]).toMatchObject({ employeeId: star.employeeId, rank: 1 });
    const owned = body.items.map((i: { ownedShare: number }) => i.ownedShare);
    expect(body.items[0].ownedShare).toBe(Math.max(...owned));
    expect(Math.abs(body.items[0].ownedShare - star.revenueShare)).toBeLessThan(0.05);
  });

  it('warns better than chance in a backtest six months back', async () => {
    const body = await get(`/api/v1/analytics/backtest?asOf=${shiftDate(today, -6)}&horizonMonths=6`);
    expect(body.churned).toBeGreaterThan(0);
    expect(body.truePositives).toBeGreaterThan(0);
    // a flagged client stops ordering at least three times as often as the average active client
    expect(body.precision).toBeGreaterThan(3 * body.baseRate);
    expect(body.recall).toBeGreaterThan(0.3);
  });

  it('builds the snapshot in SQL exactly as the domain functions score and rank every client', async () => {
    await get('/api/v1/analytics/churn-risk');
    const { rows } = await sql<{
      company_id: number; revenue: string; margin: string; months_12m: number; revenue_rank: number | null; revenue_abc: string | null;
      margin_rank: number | null; margin_abc: string | null; score: number; pattern: string; orders: number; first_order_on: string;
      last_order_on: string; revenue_recent: string; revenue_year_ago: string; orders_recent: number; orders_year_ago: number;
      categories_recent: number; categories_year_ago: number;
    }>`SELECT company_id, revenue::text AS revenue, margin::text AS margin, months_12m, revenue_rank, revenue_abc, margin_rank, margin_abc,
              score, pattern, orders, first_order_on::text AS first_order_on, last_order_on::text AS last_order_on,
              revenue_recent::text AS revenue_recent, revenue_year_ago::text AS revenue_year_ago, orders_recent, orders_year_ago,
              categories_recent, categories_year_ago
       FROM analytics_clients`.execute(h.ctx.db);
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) {
      const expected = scoreChurn({
        asOf: today, orders: r.orders, firstOrderOn: r.first_order_on, lastOrderOn: r.last_order_on, revenueRecent: r.revenue_recent,
        revenueYearAgo: r.revenue_year_ago, ordersRecent: r.orders_recent, ordersYearAgo: r.orders_year_ago,
        categoriesRecent: r.categories_recent, categoriesYearAgo: r.categories_year_ago,
      });
      expect({ id: r.company_id, score: r.score, pattern: r.pattern }).toEqual({ id: r.company_id, ...expected });
    }
    const ranked = rows.filter((r) => r.months_12m > 0);
    const byRevenue = new Map(classifyAbc(ranked.map((r) => ({ id: r.company_id, value: r.revenue }))).map((c) => [c.id, c]));
    const byMargin = new Map(classifyAbc(ranked.map((r) => ({ id: r.company_id, value: r.margin }))).map((c) => [c.id, c]));
    for (const r of ranked) {
      expect([r.revenue_rank, r.revenue_abc]).toEqual([byRevenue.get(r.company_id)!.rank, byRevenue.get(r.company_id)!.abc]);
      expect([r.margin_rank, r.margin_abc]).toEqual([byMargin.get(r.company_id)!.rank, byMargin.get(r.company_id)!.abc]);
    }
  });
});
