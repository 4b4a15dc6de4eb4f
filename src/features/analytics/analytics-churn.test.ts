import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { shiftDate } from '../../domain/analytics/dates.js';
import { runBacktest } from './analytics.service.js';
import { formatBacktest } from './backtest.format.js';
import { addOrder, dayIn, dbToday, makeCatalog } from './analytics.fixtures.js';

type Item = { companyName: string; score: number; pattern: string; flagged: boolean; reasons: { code: string; text: string }[] };

describe('analytics: churn early warning and its backtest', () => {
  const h = useApp();
  let head: { cookie: string };
  let am1: { cookie: string };
  let hunter: { cookie: string };
  let today: string;
  let asOf: string;
  const c: Record<string, number> = {};
  let products: { id: number }[] = [];

  const get = async (url: string, who = head) => h.app.inject({ method: 'GET', url, headers: who });
  const byName = (items: Item[]) => Object.fromEntries(items.map((i) => [i.companyName, i]));

  beforeAll(async () => {
    const db = h.ctx.db;
    today = await dbToday(db);
    asOf = dayIn(today, 9, 15);
    const hs = await makeEmployee(db, { role: 'head_of_sales' });
    const m1 = await makeEmployee(db, { role: 'account_manager' });
    const m2 = await makeEmployee(db, { role: 'account_manager' });
    const hu = await makeEmployee(db, { role: 'hunter' });
    head = await loginAs(h.app, hs.email);
    am1 = await loginAs(h.app, m1.email);
    hunter = await loginAs(h.app, hu.email);
    products = await makeCatalog(db, 3);
    // months: list of months-ago; per month `perMonth` orders of `amount` spread over `categories` categories
    const history = async (name: string, ownerId: number, months: number[], o: { perMonth?: number; amount?: number; categories?: number } = {}) => {
      c[name] ??= (await makeCompany(db, { name, ownerId })).id;
      for (const ago of months) {
        for (let k = 0; k < (o.perMonth ?? 1); k++) {
          const n = o.categories ?? 2;
          const price = ((o.amount ?? 1000) / n).toFixed(2);
          // the current month's order falls on the 1st so it is never after today
          const day = ago === 0 ? 1 : 10 + k * 8;
          await addOrder(db, { companyId: c[name]!, orderedOn: dayIn(today, ago, day), lines: products.slice(0, n).map((p) => ({ productId: p.id, price })) });
        }
      }
    };
    const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
    await history('Steady', m1.id, range(24, 0));
    await history('Fading', m1.id, range(24, 7), { perMonth: 2, amount: 3000, categories: 3 });
    await history('Fading', m1.id, range(6, 0), { amount: 1000, categories: 1 });
    await history('Lapsed', m2.id, range(24, 4));
    await history('OneOrder', m2.id, [2]);
    await history('Lost', m2.id, range(24, 14));
    await history('FadeThenStop', m2.id, range(24, 13), { perMonth: 2, amount: 3000, categories: 3 });
    await history('FadeThenStop', m2.id, range(12, 10), { amount: 1000, categories: 1 });
    await history('FalseAlarm', m2.id, [...range(24, 12), ...range(8, 0)]);
    await history('SilentChurn', m2.id, range(24, 9));
  });

  it('flags a quietly fading client while it still orders, with its reasons in words', async () => {
    const res = await get('/api/v1/analytics/churn-risk?onlyFlagged=false&limit=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe(today);
    const items = byName(body.items);
    const fading = body.items.find((i: Item) => i.companyName === 'Fading');
    expect(fading).toMatchObject({ pattern: 'fading', flagged: true, ordersRecent: 6, ordersYearAgo: 12, categoriesRecent: 1, categoriesYearAgo: 3 });
    expect(fading.daysSinceLastOrder).toBeLessThan(31);
    expect(fading.score).toBeGreaterThanOrEqual(50);
    expect(fading.reasons.map((r: { code: string }) => r.code).slice(0, 3)).toEqual(['revenue_down', 'orders_down', 'basket_narrower']);
    expect(fading.reasons[0].text).toMatch(/^Revenue for .+ is 83% below the same months a year earlier \(3 000\.00 against 18 000\.00\)\.$/);
    expect(items.Steady).toMatchObject({ pattern: 'steady', flagged: false, score: 0 });
    expect(items.Lapsed).toMatchObject({ pattern: 'lapsed', flagged: true });
    expect(items.Lapsed!.reasons[0]!.code).toBe('overdue');
    expect(items.OneOrder).toMatchObject({ pattern: 'new', score: 0 });
    expect(items.OneOrder!.reasons[0]!.code).toBe('single_order');
    // no order for over a year: lost, not at risk
    expect(items.Lost).toBeUndefined();
    expect(body.summary.activeClients).toBe(body.items.length);
    expect(body.summary.byPattern.fading).toBeGreaterThanOrEqual(1);
  });

  it('lists flagged clients by score, pages, and filters by pattern', async () => {
    const body = (await get('/api/v1/analytics/churn-risk?limit=200')).json();
    expect(body.items.every((i: Item) => i.flagged)).toBe(true);
    const scores = body.items.map((i: Item) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(body.summary.flagged).toBe(body.items.length);
    const first = (await get('/api/v1/analytics/churn-risk?limit=1')).json();
    const second = (await get(`/api/v1/analytics/churn-risk?limit=1&cursor=${first.nextCursor}`)).json();
    expect([first.items[0].companyId, second.items[0].companyId]).toEqual(body.items.slice(0, 2).map((i: { companyId: number }) => i.companyId));
    const fadingOnly = (await get('/api/v1/analytics/churn-risk?pattern=fading')).json();
    expect(fadingOnly.items.map((i: Item) => i.companyName)).toEqual(['Fading']);
  });

  it('computes the list as of an earlier date from the history up to that date only', async () => {
    const body = (await get(`/api/v1/analytics/churn-risk?asOf=${asOf}&onlyFlagged=false&limit=200`)).json();
    expect(body.asOf).toBe(asOf);
    const items = byName(body.items);
    expect(items.Fading).toMatchObject({ pattern: 'steady', flagged: false });
    expect(items.OneOrder).toBeUndefined();
    expect(items.Lost).toMatchObject({ pattern: 'lapsed', flagged: true });
    expect(items.FalseAlarm).toMatchObject({ flagged: true });
    expect((await get(`/api/v1/analytics/churn-risk?asOf=${shiftDate(today, 1)}`)).statusCode).toBe(400);
  });

  it('backtests the rules: who was flagged at D and who stopped ordering in the next 6 months', async () => {
    const res = await get(`/api/v1/analytics/backtest?asOf=${asOf}&horizonMonths=6`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // flagged & stopped: Lost, FadeThenStop; flagged, kept ordering: FalseAlarm; stopped unflagged: SilentChurn
    expect(body).toMatchObject({
      asOf,
      horizonMonths: 6,
      horizonEnd: shiftDate(asOf, 6),
      activeClients: 7,
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 3,
      flagged: 3,
      churned: 3,
    });
    expect(body.precision).toBeCloseTo(2 / 3, 12);
    expect(body.recall).toBeCloseTo(2 / 3, 12);
    const examples = Object.fromEntries(body.examples.map((e: { companyName: string; churned: boolean }) => [e.companyName, e.churned]));
    expect(examples).toEqual({ Lost: true, FadeThenStop: true, FalseAlarm: false });
    expect(body.examples[0].reasons.length).toBeGreaterThan(0);
    const direct = await runBacktest(h.ctx, { asOf, horizonMonths: 6 });
    expect(direct).toEqual(body);
    // what `holdfast backtest` prints
    const text = formatBacktest(direct);
    expect(text).toContain(`Churn warning backtest as of ${asOf}`);
    expect(text).toContain('precision 66.7%, recall 66.7%');
    await expect(runBacktest(h.ctx, { asOf: '2025-13-01', horizonMonths: 6 })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'asOf' }] });
  });

  it('refuses a backtest whose horizon has not passed, and bad parameters, naming the field', async () => {
    const cases: [string, string][] = [
      [`/api/v1/analytics/backtest?asOf=${dayIn(today, 2)}`, 'asOf'],
      ['/api/v1/analytics/backtest', 'asOf'],
      ['/api/v1/analytics/backtest?asOf=2025-02-30', 'asOf'],
      [`/api/v1/analytics/backtest?asOf=${asOf}&horizonMonths=0`, 'horizonMonths'],
      ['/api/v1/analytics/churn-risk?flagScore=0', 'flagScore'],
      ['/api/v1/analytics/churn-risk?pattern=gone', 'pattern'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field), url).toContain(field);
    }
  });

  it('shows an account manager the churn risk of their own clients only; the backtest is for management', async () => {
    const mine = (await get('/api/v1/analytics/churn-risk?onlyFlagged=false', am1)).json();
    expect(mine.items.map((i: Item) => i.companyName).sort()).toEqual(['Fading', 'Steady']);
    expect(mine.summary.activeClients).toBe(2);
    expect((await get(`/api/v1/analytics/churn-risk?asOf=${asOf}&onlyFlagged=false`, am1)).json().items.map((i: Item) => i.companyName).sort()).toEqual(['Fading', 'Steady']);
    expect((await get(`/api/v1/analytics/backtest?asOf=${asOf}`, am1)).statusCode).toBe(403);
    expect((await get('/api/v1/analytics/churn-risk', hunter)).statusCode).toBe(403);
  });

  it('rescores when an order arrives or the date changes', async () => {
    const db = h.ctx.db;
    await addOrder(db, { companyId: c.Lapsed!, orderedOn: today, lines: [{ productId: products[0]!.id, price: '1000.00' }] });
    const after = byName((await get('/api/v1/analytics/churn-risk?onlyFlagged=false&limit=200')).json().items);
    expect(after.Lapsed!.pattern).not.toBe('lapsed');
    await sql`UPDATE analytics_state SET clients_as_of = '2000-01-01'`.execute(db);
    await get('/api/v1/analytics/churn-risk');
    const { rows } = await sql<{ d: string }>`SELECT clients_as_of::text AS d FROM analytics_state`.execute(db);
    expect(rows[0]!.d).toBe(today);
  });
});
