import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { classifyAbc, DEFAULT_ABC } from '../../domain/analytics/abc.js';
import { fromMinor, toMinor } from '../../domain/money.js';
import { addMonths, lastQuarterEnd, monthsInclusive } from '../../domain/analytics/dates.js';
import { classifyXyz, coefficientOfVariation } from '../../domain/analytics/xyz.js';
import type { AbcPeriod } from './abc.repository.js';
import { periodRanking } from './abc.service.js';
import { addOrder, dayIn, dbToday, makeCatalog } from './analytics.fixtures.js';

const month = (today: string, ago: number) => addMonths(today, -ago).slice(0, 7);

describe('analytics: ABC/XYZ and the class history', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };
  let hunter: { cookie: string };
  let today: string;
  let product: number;
  const id: Record<string, number> = {};

  const get = async (url: string, who = head) => h.app.inject({ method: 'GET', url, headers: who });

  beforeAll(async () => {
    const db = h.ctx.db;
    const hs = await makeEmployee(db, { role: 'head_of_sales' });
    const am = await makeEmployee(db, { role: 'account_manager' });
    const hu = await makeEmployee(db, { role: 'hunter' });
    [head, manager, hunter] = await Promise.all([loginAs(h.app, hs.email), loginAs(h.app, am.email), loginAs(h.app, hu.email)]);
    today = await dbToday(db);
    product = (await makeCatalog(db, 1))[0]!.id;
    const order = async (name: string, ago: number, price: string, cost = '0') => {
      id[name] ??= (await makeCompany(db, { name, ownerId: am.id })).id;
      await addOrder(db, { companyId: id[name]!, orderedOn: dayIn(today, ago), lines: [{ productId: product, price, cost }] });
    };
    // 30 months ago, alone in its month: revenue 50/30/10/6/4 thousand, margins 5/20/1/-1/4 thousand.
    await order('P1', 30, '50000.00', '45000.00');
    await order('P2', 30, '30000.00', '10000.00');
    await order('P3', 30, '10000.00', '9000.00');
    await order('P4', 30, '6000.00', '7000.00');
    await order('P5', 30, '4000.00');
    // 26 months ago: 40, 40, 10, 10 thousand (ties on both sides of the A/B line).
    for (const [n, v] of [['Q1', '40000.00'], ['Q2', '40000.00'], ['Q3', '10000.00'], ['Q4', '10000.00']] as const) await order(n, 26, v);
    // 22..20 months ago: steady, every other month, once.
    for (const ago of [22, 21, 20]) await order('X1', ago, '1000.00');
    for (const ago of [22, 20]) await order('Y1', ago, '1000.00');
    await order('Z1', 22, '3000.00');
    // A spread of recent clients for the history and the SQL-vs-domain comparison.
    for (let i = 0; i < 12; i++) {
      for (let ago = 1; ago <= 15; ago++) {
        if ((i * 7 + ago) % (1 + (i % 4)) === 0) await order(`R${i}`, ago, `${(i + 1) * 1000 + ago * 37}.${String(i).padStart(2, '0')}`);
      }
    }
  });

  it('classifies by revenue with the cumulative-share rule and returns the matrix and class totals', async () => {
    const m = month(today, 30);
    const res = await get(`/api/v1/analytics/abc?from=${m}&to=${m}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toEqual({ from: m, to: m, months: 1 });
    expect(body.clients).toBe(5);
    expect(body.total).toBe('100000.00');
    expect(body.items.map((i: { companyName: string; abc: string }) => [i.companyName, i.abc])).toEqual([
      ['P1', 'A'],
      ['P2', 'A'],
      ['P3', 'B'],
      ['P4', 'B'],
      ['P5', 'C'],
    ]);
    expect(body.items[1]).toMatchObject({ rank: 2, companyId: id.P2, value: '30000.00', share: 0.3, cumulativeShare: 0.8, xyz: 'X', cv: 0, orders: 1 });
    expect(body.classes).toEqual([
      { abc: 'A', clients: 2, value: '80000.00', share: 0.8 },
      { abc: 'B', clients: 2, value: '16000.00', share: 0.16 },
      { abc: 'C', clients: 1, value: '4000.00', share: 0.04 },
    ]);
    expect(body.matrix).toEqual([
      { abc: 'A', xyz: 'X', clients: 2, value: '80000.00' },
      { abc: 'B', xyz: 'X', clients: 2, value: '16000.00' },
      { abc: 'C', xyz: 'X', clients: 1, value: '4000.00' },
    ]);
  });

  it('classifies by margin, a loss-making client in C', async () => {
    const m = month(today, 30);
    const body = (await get(`/api/v1/analytics/abc?measure=margin&from=${m}&to=${m}`)).json();
    expect(body.total).toBe('29000.00');
    expect(body.items.map((i: { companyName: string; abc: string; value: string }) => [i.companyName, i.abc, i.value])).toEqual([
      ['P2', 'A', '20000.00'],
      ['P1', 'A', '5000.00'],
      ['P5', 'B', '4000.00'],
      ['P3', 'C', '1000.00'],
      ['P4', 'C', '-1000.00'],
    ]);
    expect(body.items[4]).toMatchObject({ share: 0, revenue: '6000.00', margin: '-1000.00' });
  });

  it('gives tied clients the same class and honours custom thresholds', async () => {
    const m = month(today, 26);
    const ties = (await get(`/api/v1/analytics/abc?from=${m}&to=${m}`)).json();
    expect(ties.items.map((i: { companyName: string; abc: string }) => i.abc)).toEqual(['A', 'A', 'B', 'B']);
    const strict = (await get(`/api/v1/analytics/abc?from=${m}&to=${m}&a=40&b=40&c=20`)).json();
    // a=40: the two 40s tie at 0% before them, so both are A; the 10s start at 80%, not below a+b -> C.
    expect(strict.items.map((i: { abc: string }) => i.abc)).toEqual(['A', 'A', 'C', 'C']);
  });

  it('computes XYZ from monthly revenue with months without orders as zeros, and filters by class', async () => {
    const from = month(today, 22);
    const to = month(today, 20);
    const body = (await get(`/api/v1/analytics/abc?from=${from}&to=${to}`)).json();
    const byName = Object.fromEntries(body.items.map((i: { companyName: string }) => [i.companyName, i]));
    expect(byName.X1).toMatchObject({ xyz: 'X', cv: 0, monthsWithOrders: 3 });
    expect(byName.Y1).toMatchObject({ xyz: 'Y', cv: 0.7071 });
    expect(byName.Z1).toMatchObject({ xyz: 'Z', cv: 1.4142 });
    const onlyZ = (await get(`/api/v1/analytics/abc?from=${from}&to=${to}&xyz=Z`)).json();
    expect(onlyZ.items.map((i: { companyName: string }) => i.companyName)).toEqual(['Z1']);
    const strict = (await get(`/api/v1/analytics/abc?from=${from}&to=${to}&x=0.8&y=2`)).json();
    expect(strict.items.find((i: { companyName: string }) => i.companyName === 'Y1').xyz).toBe('X');
  });

  it('answers an empty report for a period without orders', async () => {
    const m = month(today, 40);
    const body = (await get(`/api/v1/analytics/abc?from=${m}&to=${m}`)).json();
    expect(body).toMatchObject({ clients: 0, total: '0', items: [], matrix: [], nextCursor: null });
    expect(body.classes.map((c: { clients: number }) => c.clients)).toEqual([0, 0, 0]);
  });

  it('pages by rank without repeats or gaps', async () => {
    const m = month(today, 30);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/analytics/abc?from=${m}&to=${m}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await get(url)).json();
      seen.push(...body.items.map((i: { companyName: string }) => i.companyName));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('agrees with the domain functions on the default period (last 12 complete months)', async () => {
    const body = (await get('/api/v1/analytics/abc?limit=200')).json();
    const from = addMonths(today, -12);
    const to = addMonths(today, -1);
    expect(body.period).toEqual({ from: from.slice(0, 7), to: to.slice(0, 7), months: 12 });
    const { rows } = await sql<{ company_id: number; month: string; revenue: string }>`
      SELECT company_id, to_char(date_trunc('month', ordered_on), 'YYYY-MM-DD') AS month, sum(total)::text AS revenue FROM orders
      WHERE ordered_on >= ${from}::date AND ordered_on < ${addMonths(today, 0)}::date GROUP BY 1, 2`.execute(h.ctx.db);
    const perClient = new Map<number, number[]>();
    for (const r of rows) {
      const series = perClient.get(r.company_id) ?? Array(12).fill(0);
      series[monthsInclusive(from, r.month) - 1] += Number(r.revenue);
      perClient.set(r.company_id, series);
    }
    const sums = [...perClient].map(([cid, s]) => ({ id: cid, value: s.reduce((a, b) => a + b, 0).toFixed(2) }));
    const expected = classifyAbc(sums);
    expect(body.items.map((i: { companyId: number; abc: string }) => [i.companyId, i.abc])).toEqual(expected.map((e) => [e.id, e.abc]));
    for (const item of body.items) {
      const cv = coefficientOfVariation(perClient.get(item.companyId)!);
      expect(item.cv).toBeCloseTo(cv!, 4);
      expect(item.xyz).toBe(classifyXyz(cv));
    }
  });

  it('reads the default period from the snapshot exactly as classifying it on the spot, and re-ranks after a backdated order', async () => {
    const snap = (await get('/api/v1/analytics/abc?limit=200')).json();
    // a y threshold that changes nothing but forces the on-the-spot path
    const spot = (await get('/api/v1/analytics/abc?limit=200&y=1.0000001')).json();
    expect(snap.total).toBe(spot.total);
    expect(snap.matrix).toEqual(spot.matrix);
    expect(snap.classes).toEqual(spot.classes);
    const strip = (i: { share: number; cumulativeShare: number }) => ({ ...i, share: 0, cumulativeShare: 0 });
    expect(snap.items.map(strip)).toEqual(spot.items.map(strip));
    for (const [k, item] of snap.items.entries()) expect(item.cumulativeShare).toBeCloseTo(spot.items[k].cumulativeShare, 5);
    const margin = (await get('/api/v1/analytics/abc?limit=200&measure=margin')).json();
    const marginSpot = (await get('/api/v1/analytics/abc?limit=200&measure=margin&y=1.0000001')).json();
    expect(margin.items.map(strip)).toEqual(marginSpot.items.map(strip));
    // a backdated order two months ago makes R11 the largest client of the last 12 months
    await addOrder(h.ctx.db, { companyId: id.R11!, orderedOn: dayIn(today, 2), lines: [{ productId: product, price: '900000.00' }] });
    const after = (await get('/api/v1/analytics/abc?limit=2')).json();
    expect(after.items[0]).toMatchObject({ companyId: id.R11, rank: 1, abc: 'A' });
    expect(after.items[1].rank).toBe(2);
  });

  it('keeps a quarterly class history that matches the domain rules, per client and as a list of changes', async () => {
    const body = (await get(`/api/v1/analytics/abc/history?companyId=${id.R0}`)).json();
    expect(body.periods.at(-1)).toBe(lastQuarterEnd(today).slice(0, 7));
    expect(body.items.length).toBeGreaterThan(0);
    for (const [i, row] of body.items.entries()) {
      expect(row.companyId).toBe(id.R0);
      expect(row.previousAbc).toBe(i === 0 ? null : body.items[i - 1].abc);
    }
    // Recompute the latest period from the raw orders; each client's class there is its latest change.
    const end = `${body.periods.at(-1)}-01`;
    const { rows } = await sql<{ company_id: number; revenue: string }>`
      SELECT company_id, sum(total)::text AS revenue FROM orders
      WHERE ordered_on >= ${addMonths(end, -11)}::date AND ordered_on < ${addMonths(end, 1)}::date GROUP BY company_id`.execute(h.ctx.db);
    const expected = classifyAbc(rows.map((r) => ({ id: r.company_id, value: r.revenue })));
    const { rows: stored } = await sql<{ company_id: number; abc: string }>`
      SELECT DISTINCT ON (company_id) company_id, abc FROM analytics_class_history
      WHERE period_end <= ${end}::date ORDER BY company_id, period_end DESC`.execute(h.ctx.db);
    const latest = new Map(stored.map((r) => [r.company_id, r.abc]));
    expect(expected.length).toBeGreaterThan(5);
    for (const e of expected) expect(latest.get(e.id), `company ${e.id}`).toBe(e.abc);
    // only changes are stored: a client's consecutive rows never repeat the same classes
    for (const [i, row] of body.items.entries()) if (i > 0) expect([row.abc, row.xyz]).not.toEqual([body.items[i - 1].abc, body.items[i - 1].xyz]);
    const changes = (await get('/api/v1/analytics/abc/history?limit=200')).json();
    for (const c of changes.items) {
      expect(c.periodEnd).toBe(body.periods.at(-1));
      expect(c.abc !== c.previousAbc || c.xyz !== c.previousXyz).toBe(true);
    }
  });

  it('catches up with orders written without a refresh: new, archived and cancelled orders', async () => {
    const db = h.ctx.db;
    const m = month(today, 32);
    const url = `/api/v1/analytics/abc?from=${m}&to=${m}`;
    const f1 = await makeCompany(db, { name: 'F1' });
    const first = await addOrder(db, { companyId: f1.id, orderedOn: dayIn(today, 32), lines: [{ productId: product, price: '1000.00' }] });
    expect((await get(url)).json().items.map((i: { value: string }) => i.value)).toEqual(['1000.00']);
    await addOrder(db, { companyId: f1.id, orderedOn: dayIn(today, 32, 20), lines: [{ productId: product, quantity: '2.5', price: '200.00' }] });
    // totals and classes come from the ranking kept between requests: it must follow the rollup too
    expect((await get(url)).json()).toMatchObject({ total: '1500.00', clients: 1, items: [{ value: '1500.00', orders: 2, cumulativeShare: 1 }] });
    await sql`UPDATE orders SET archived_at = now(), updated_at = now() WHERE id = ${first}`.execute(db);
    expect((await get(url)).json()).toMatchObject({ total: '500.00', clients: 1, items: [{ value: '500.00', orders: 1 }] });
    await sql`UPDATE orders SET status = 'cancelled', updated_at = now() WHERE company_id = ${f1.id}`.execute(db);
    expect((await get(url)).json()).toMatchObject({ total: '0', clients: 0, matrix: [], items: [] });
    const { rows } = await sql`SELECT 1 FROM analytics_company_months WHERE company_id = ${f1.id}`.execute(db);
    expect(rows).toHaveLength(0);
  });

  it('records every category of a month, beyond 64 categories too', async () => {
    const db = h.ctx.db;
    const many = await makeCatalog(db, 70);
    const g1 = await makeCompany(db, { name: 'G1' });
    const picked = [many[0]!, many[63]!, many[64]!, many[69]!];
    await addOrder(db, { companyId: g1.id, orderedOn: dayIn(today, 34), lines: picked.map((p) => ({ productId: p.id, price: '10.00', cost: '4.00' })) });
    await addOrder(db, { companyId: g1.id, orderedOn: dayIn(today, 2), lines: [many[1]!, many[64]!, many[65]!].map((p) => ({ productId: p.id, price: '10.00' })) });
    await get('/api/v1/analytics/abc');
    const { rows } = await sql<{ categories: number[]; lines: number; margin: string }>`
      SELECT hf_category_ids(category_bits) AS categories, lines, margin::text AS margin FROM analytics_company_months
      WHERE company_id = ${g1.id} AND month = ${dayIn(today, 34, 1)}`.execute(db);
    expect(rows).toEqual([{ categories: picked.map((p) => p.categoryId).sort((a, b) => a - b), lines: 4, margin: '24.00' }]);
    // the snapshot ORs the words of the last 12 months and counts their bits: one in the first 64 ids, two beyond
    const { rows: counted } = await sql<{ n: number }>`SELECT categories_12m AS n FROM analytics_clients WHERE company_id = ${g1.id}`.execute(db);
    expect(counted).toEqual([{ n: 3 }]);
  });

  it('ranks a chosen period from the running totals exactly as summing the rollup over it does', async () => {
    const db = h.ctx.db;
    // a sale worth nothing still puts a client in the period; a late first sale; a long gap
    const zero = await makeCompany(db, { name: 'ZERO' });
    await addOrder(db, { companyId: zero.id, orderedOn: dayIn(today, 21), lines: [{ productId: product, price: '0.00' }] });
    const gap = await makeCompany(db, { name: 'GAP' });
    for (const ago of [33, 9, 3]) await addOrder(db, { companyId: gap.id, orderedOn: dayIn(today, ago), lines: [{ productId: product, price: '1234.56', cost: '1300.00' }] });
    // a huge first sale, then every other month: the running sums of squares lose the small ones'
    // last digits, and the CV over 11..8 months ago is exactly 1, the Y/Z line
    const spike = await makeCompany(db, { name: 'SPIKE' });
    await addOrder(db, { companyId: spike.id, orderedOn: dayIn(today, 34), lines: [{ productId: product, price: '98765432.10' }] });
    for (const ago of [10, 8]) await addOrder(db, { companyId: spike.id, orderedOn: dayIn(today, ago), lines: [{ productId: product, price: '1234.57' }] });
    await get('/api/v1/analytics/abc');
    // the old computation: one sum over the period's rollup rows per client
    const summed = (o: AbcPeriod) => sql`
      SELECT r.company_id, (sum(r.revenue) * 100)::int8 AS rk, (sum(r.${sql.ref(o.measure)}) * 100)::int8 AS vk,
             sum(r.revenue::float8 * r.revenue::float8) AS sq, sum(r.revenue::float8 * r.revenue::float8) AS sq_through, count(*)::int AS months_through, count(*)::int AS months
      FROM analytics_company_months r WHERE r.month BETWEEN ${o.from}::date AND ${o.to}::date GROUP BY r.company_id`;
    const agos = [40, 34, 33, 30, 26, 22, 21, 20, 15, 11, 9, 8, 3, 1, 0];
    let compared = 0;
    for (const fromAgo of agos) {
      for (const toAgo of agos.filter((a) => a <= fromAgo)) {
        for (const measure of ['revenue', 'margin'] as const) {
          const period = { from: `${month(today, fromAgo)}-01`, to: `${month(today, toAgo)}-01`, months: fromAgo - toAgo + 1, measure };
          const t = { ...DEFAULT_ABC, x: 0.5, y: 1 };
          const [fromTotals, inHalves, fromRollup] = await Promise.all([periodRanking(db, period, t), periodRanking(db, period, t, { halves: true }), periodRanking(db, period, t, { figures: summed(period) })]);
          expect(fromTotals, `${period.from}..${period.to} ${measure}`).toEqual(fromRollup);
          expect(inHalves, `${period.from}..${period.to} ${measure}, two statements`).toEqual(fromRollup);
          // ranked as the domain rule ranks the same values
          const expected = classifyAbc(Array.from(fromRollup.ids, (cid, i) => ({ id: cid, value: fromMinor(BigInt(fromRollup.kopecks[i]!)) })));
          expect([...fromTotals.ids]).toEqual(expected.map((e) => e.id));
          expect(fromTotals.classes.replace(/(.)./g, '$1')).toBe(expected.map((e) => e.abc).join(''));
          compared += fromRollup.ids.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('rejects bad parameters with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/analytics/abc?a=80&b=15&c=10', 'c'],
      [`/api/v1/analytics/abc?from=${month(today, 1)}&to=${month(today, 5)}`, 'from'],
      ['/api/v1/analytics/abc?from=2026-13', 'from'],
      ['/api/v1/analytics/abc?from=2010-01&to=2026-01', 'from'],
      ['/api/v1/analytics/abc?measure=volume', 'measure'],
      ['/api/v1/analytics/abc?x=1&y=0.5', 'y'],
      ['/api/v1/analytics/abc?cursor=nonsense', 'cursor'],
      ['/api/v1/analytics/abc/history?companyId=abc', 'companyId'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field), url).toContain(field);
    }
    expect((await get('/api/v1/analytics/abc/history?companyId=999999')).statusCode).toBe(404);
  });

  // Runs after the tests above have added their clients: gaps of more than a year (GAP), single sales
  // that fade out of the window (P*, Q*), a zero sale, a huge spike, ties.
  it('stores exactly the class changes the domain rules give, for every client and quarter, gaps included', async () => {
    await get('/api/v1/analytics/abc/history');
    const { rows: sales } = await sql<{ company_id: number; month: string; total: string }>`
      SELECT company_id, to_char(ordered_on, 'YYYY-MM') AS month, sum(total)::text AS total FROM orders
      WHERE status IN ('confirmed', 'shipped', 'completed') AND archived_at IS NULL GROUP BY 1, 2`.execute(h.ctx.db);
    const monthly = new Map<number, Map<string, bigint>>();
    for (const r of sales) monthly.set(r.company_id, (monthly.get(r.company_id) ?? new Map()).set(r.month, toMinor(r.total)));
    const first = sales.map((r) => r.month).sort()[0]!;
    const ends: string[] = [];
    // quarter ends (first day of a quarter's last month) whose 12 months reach the first sale
    for (let end = `${first.slice(0, 4)}-03-01`; end <= lastQuarterEnd(today); end = addMonths(end, 3)) if (end.slice(0, 7) >= first) ends.push(end);
    type Cls = { abc: string; xyz: string | null };
    const byCompany = new Map<number, { end: string; index: number; cls: Cls }[]>();
    ends.forEach((end, index) => {
      const months = Array.from({ length: 12 }, (_, k) => addMonths(end, k - 11).slice(0, 7));
      const inPeriod = [...monthly].filter(([, m]) => months.some((k) => m.has(k)));
      const abc = new Map(classifyAbc(inPeriod.map(([id, m]) => ({ id, value: fromMinor(months.reduce((s, k) => s + (m.get(k) ?? 0n), 0n)) }))).map((r) => [r.id, r.abc]));
      for (const [id, m] of inPeriod) {
        const xyz = classifyXyz(coefficientOfVariation(months.map((k) => Number(m.get(k) ?? 0n) / 100)));
        byCompany.set(id, [...(byCompany.get(id) ?? []), { end, index, cls: { abc: abc.get(id)!, xyz } }]);
      }
    });
    const expected: string[] = [];
    for (const [id, periods] of byCompany) {
      periods.forEach((p, i) => {
        const prev = periods[i - 1];
        if (!prev || prev.index !== p.index - 1 || prev.cls.abc !== p.cls.abc || prev.cls.xyz !== p.cls.xyz) {
          // null letters print as nothing, as the query's coalesce does
          expected.push([id, p.end, p.cls.abc, p.cls.xyz, prev?.cls.abc, prev?.cls.xyz].join(' '));
        }
      });
    }
    const { rows: stored } = await sql<{ r: string }>`
      SELECT concat_ws(' ', company_id, period_end::text, abc, coalesce(xyz, ''), coalesce(previous_abc, ''), coalesce(previous_xyz, '')) AS r
      FROM analytics_class_history`.execute(h.ctx.db);
    const gapId = (await sql<{ id: number }>`SELECT id FROM companies WHERE name = 'GAP'`.execute(h.ctx.db)).rows[0]!.id;
    const gap = byCompany.get(gapId);
    // the client that came back after more than a year has a row after the gap naming its class before it
    expect(gap?.some((p, i) => i > 0 && p.index - gap[i - 1]!.index > 1)).toBe(true);
    expect(stored.map((s) => s.r).sort()).toEqual(expected.sort());
  });

  it('is for management only', async () => {
    for (const url of ['/api/v1/analytics/abc', '/api/v1/analytics/abc/history']) {
      expect((await get(url, manager)).statusCode).toBe(403);
      expect((await get(url, hunter)).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });
});
