import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { checkInn } from '../../domain/inn.js';
import { normalisePhone } from '../../domain/phone.js';
import { catalogProducts, CATEGORY_DEFS } from './demo.catalog.js';
import { DemoGenerator } from './demo.generator.js';
import { DEMO_LOGINS, type DemoSummary, generateDemo, isDatabaseEmpty } from './demo.service.js';
import { STAFF } from './demo.staff.js';
import { BULK_TABLES, dayOf, type DemoWorld } from './demo.world.js';

const TODAY = '2026-11-20';
const YEAR_AGO = sql`${TODAY}::date - 365`;

type Row = Record<string, unknown>;

describe('demo company generator', () => {
  const h = useApp();
  let summary: DemoSummary;
  const phases = new Set<string>();
  const rows = async <T extends Row>(query: ReturnType<typeof sql>) => (await query.execute(h.ctx.db)).rows as T[];

  const indexNames = async () =>
    (await rows<{ n: string }>(sql`SELECT indexname AS n FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`)).map((r) => r.n);
  let indexesBefore: string[] = [];

  beforeAll(async () => {
    expect(await isDatabaseEmpty(h.ctx)).toBe(true);
    indexesBefore = await indexNames();
    summary = await generateDemo(h.ctx, { seed: 42, clients: 300, years: 2, today: TODAY, onProgress: (p) => phases.add(p.phase) });
  }, 120_000);

  it('reports progress per phase and row counts that match the tables', async () => {
    expect([...phases]).toEqual(['staff', 'catalog', 'clients', 'plans', 'indexes', 'finalize']);
    for (const table of BULK_TABLES) {
      const [row] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.table(table)}`);
      expect(row?.n, table).toBe(summary.rows[table]);
    }
    expect(summary.rows.companies).toBe(300);
    expect(summary.rows.order_lines / 300).toBeGreaterThan(10);
    expect(await isDatabaseEmpty(h.ctx)).toBe(false);
  });

  it('rebuilds every secondary index it dropped for the bulk load', async () => {
    expect(indexesBefore).toContain('orders_company_idx');
    expect(await indexNames()).toEqual(indexesBefore);
  });

  it('gives every company an owner whose current owner seat exists', async () => {
    const broken = await rows(sql`
      SELECT c.id FROM companies c
      WHERE c.owner_id IS NULL
         OR NOT EXISTS (SELECT 1 FROM account_team t WHERE t.company_id = c.id AND t.employee_id = c.owner_id AND t.role = 'owner' AND t.until IS NULL)
         OR (SELECT count(*) FROM account_team t WHERE t.company_id = c.id AND t.role = 'owner' AND t.until IS NULL) <> 1`);
    expect(broken).toEqual([]);
    const [backups] = await rows<{ n: number }>(sql`SELECT count(DISTINCT company_id)::int AS n FROM account_team WHERE role = 'backup' AND until IS NULL`);
    expect(backups?.n).toBeGreaterThan(20);
  });

  it('writes valid, unique INNs, KPPs for organisations, and new ids after the copied ones', async () => {
    const companies = await rows<{ inn: string; kpp: string | null; legal_name: string }>(sql`SELECT inn, kpp, legal_name FROM companies`);
    expect(new Set(companies.map((c) => c.inn)).size).toBe(300);
    for (const c of companies) {
      expect(checkInn(c.inn), c.inn).toEqual({ ok: true });
      expect(c.kpp === null, c.legal_name).toBe(c.inn.length === 12);
    }
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/companies', headers: await loginAs(h.app, 'rop@demo.test', 'demo'), payload: { name: 'ООО «После демо»' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(301);
  });

  it('keeps every order total equal to the sum of its lines, cost below price, 1-6 lines', async () => {
    const bad = await rows(sql`
      SELECT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id
      GROUP BY o.id, o.total HAVING o.total <> sum(l.quantity * l.price) OR count(*) > 6 OR bool_or(l.cost >= l.price)`);
    expect(bad).toEqual([]);
    const [orphans] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`);
    expect(orphans?.n).toBe(0);
  });

  it('sells 150-300 products from at least 8 categories', async () => {
    const [p] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM products`);
    expect(p?.n).toBeGreaterThanOrEqual(150);
    expect(p?.n).toBeLessThanOrEqual(300);
    const [c] = await rows<{ n: number }>(sql`
      SELECT count(DISTINCT g.category_id)::int AS n FROM order_lines l JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id`);
    expect(c?.n).toBeGreaterThanOrEqual(8);
  });

  it('has deals in every pipeline stage, each with a history ending at its stage', async () => {
    const missing = await rows(sql`SELECT s.id FROM pipeline_stages s WHERE NOT EXISTS (SELECT 1 FROM deals d WHERE d.stage_id = s.id)`);
    expect(missing).toEqual([]);
    const bad = await rows(sql`
      SELECT d.id FROM deals d
      WHERE d.stage_id <> (SELECT h.to_stage_id FROM deal_stage_history h WHERE h.deal_id = d.id ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)
         OR (d.closed_at IS NULL) <> ((SELECT kind FROM pipeline_stages s WHERE s.id = d.stage_id) = 'open')`);
    expect(bad).toEqual([]);
  });

  it('has the staff with a reporting line and two newcomers hired under 90 days ago', async () => {
    const staff = await rows<{ email: string; role: string; manager: string | null; hired_on: string }>(sql`
      SELECT e.email, e.role, m.email AS manager, e.hired_on::text AS hired_on FROM employees e LEFT JOIN employees m ON m.id = e.manager_id`);
    expect(staff.map((s) => s.email).sort()).toEqual(DEMO_LOGINS.map((l) => l.email).sort());
    expect(staff.filter((s) => s.hired_on > '2026-08-22').length).toBe(2);
    expect(staff.find((s) => s.role === 'director')).toMatchObject({ email: 'director@demo.test', manager: null });
    expect(staff.find((s) => s.role === 'head_of_sales')?.manager).toBe('director@demo.test');
    for (const s of staff.filter((x) => ['account_manager', 'key_account_manager', 'hunter'].includes(x.role))) expect(s.manager, s.email).toBe('rop@demo.test');
    expect(staff.filter((s) => s.role === 'account_manager').length).toBe(6);
  });

  it('stores contacts with valid Russian mobiles in E.164, e-mails and a decision maker per company', async () => {
    const contacts = await rows<{ phones: string[]; emails: string[] }>(sql`SELECT phones, emails FROM contacts`);
    for (const c of contacts) {
      for (const phone of c.phones) expect(normalisePhone(phone), phone).toBe(phone);
      for (const email of c.emails) expect(email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.[a-z]+$/);
    }
    const noDecider = await rows(sql`SELECT c.id FROM companies c WHERE c.id <= 300 AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.company_id = c.id AND k.is_decision_maker)`);
    expect(noDecider).toEqual([]);
  });

  it('gives each client-facing employee tasks due today, overdue ones and done ones with results', async () => {
    const plans = await rows<{ role: string; today: number; overdue: number; done: number; types: number }>(sql`
      SELECT e.role,
        count(*) FILTER (WHERE t.status = 'open' AND (t.due_at AT TIME ZONE 'Europe/Moscow')::date = ${TODAY}::date)::int AS today,
        count(*) FILTER (WHERE t.status = 'open' AND (t.due_at AT TIME ZONE 'Europe/Moscow')::date < ${TODAY}::date)::int AS overdue,
        count(*) FILTER (WHERE t.status = 'done' AND t.result IS NOT NULL AND t.completed_at IS NOT NULL)::int AS done,
        (SELECT count(DISTINCT a.type) FROM activities a WHERE a.employee_id = e.id)::int AS types
      FROM employees e JOIN tasks t ON t.assignee_id = e.id GROUP BY e.id, e.role`);
    expect(plans.length).toBe(12);
    for (const p of plans) expect(p.today >= 3 && p.overdue >= 2 && p.done >= 2, JSON.stringify(p)).toBe(true);
    const [types] = await rows<{ n: number }>(sql`SELECT count(DISTINCT type)::int AS n FROM activities`);
    expect(types?.n).toBe(5);
  });

  it('plants (1): big clients known by one person only', async () => {
    const found = await rows<{ id: number }>(sql`
      WITH rev AS (SELECT company_id, sum(total) AS revenue FROM orders WHERE status <> 'cancelled' AND ordered_on > ${YEAR_AGO} GROUP BY company_id),
      top AS (SELECT company_id FROM rev ORDER BY revenue DESC LIMIT (SELECT count(*) / 10 FROM rev))
      SELECT c.id FROM top JOIN companies c ON c.id = top.company_id
      WHERE (SELECT count(*) FROM account_team t WHERE t.company_id = c.id AND t.until IS NULL) = 1
        AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = c.id AND a.employee_id <> c.owner_id)`);
    const planted = summary.planted.singleKnower;
    expect(planted.count).toBeGreaterThanOrEqual(3);
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(planted.examples.filter((e) => found.some((f) => f.id === e.id)).length).toBeGreaterThanOrEqual(3);
  });

  it('plants (2): a big-potential client buying 1-2 categories at under 5% share of wallet, held by an account manager', async () => {
    const found = await rows<{ id: number; share: number }>(sql`
      WITH r AS (
        SELECT o.company_id, sum(l.quantity * l.price) AS revenue, count(DISTINCT g.category_id) AS categories
        FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
        WHERE o.status <> 'cancelled' AND o.ordered_on > ${YEAR_AGO} GROUP BY o.company_id)
      SELECT c.id, (r.revenue / c.annual_potential)::float8 AS share
      FROM r JOIN companies c ON c.id = r.company_id JOIN employees e ON e.id = c.owner_id
      WHERE c.annual_potential >= 50000000 AND r.revenue < 0.05 * c.annual_potential AND r.categories <= 2 AND e.role = 'account_manager'`);
    expect(found.map((f) => f.id)).toEqual(summary.planted.narrowWallet.examples.map((e) => e.id));
    expect(found.length).toBe(1);
  });

  it('plants (3): clients whose orders quietly fade but who still order', async () => {
    const found = await rows<{ company_id: number }>(sql`
      WITH o AS (
        SELECT company_id,
          count(*) FILTER (WHERE ordered_on > ${TODAY}::date - 182) AS n_recent,
          count(*) FILTER (WHERE ordered_on <= ${TODAY}::date - 182 AND ordered_on > ${YEAR_AGO}) AS n_before,
          sum(total) FILTER (WHERE ordered_on > ${TODAY}::date - 182) AS rev_recent,
          sum(total) FILTER (WHERE ordered_on <= ${TODAY}::date - 182 AND ordered_on > ${YEAR_AGO}) AS rev_before,
          max(ordered_on) AS last_on
        FROM orders WHERE status <> 'cancelled' GROUP BY company_id)
      SELECT company_id FROM o
      WHERE n_before >= 5 AND last_on > ${TODAY}::date - 45 AND n_recent <= 0.75 * n_before AND rev_recent <= 0.6 * rev_before`);
    const ids = new Set(found.map((f) => f.company_id));
    const planted = summary.planted.fading;
    expect(planted.count).toBeGreaterThanOrEqual(3);
    expect(planted.examples.every((e) => ids.has(e.id)), JSON.stringify({ found: [...ids], planted })).toBe(true);
    // The signal is specific: few clients fade by chance.
    expect(found.length).toBeLessThanOrEqual(planted.count * 2);
  });

  it('plants (4): one account manager holds 35-40% of revenue', async () => {
    const [top] = await rows<{ email: string; share: number }>(sql`
      SELECT e.email, (sum(o.total) / (SELECT sum(total) FROM orders WHERE status <> 'cancelled'))::float8 AS share
      FROM orders o JOIN companies c ON c.id = o.company_id JOIN employees e ON e.id = c.owner_id
      WHERE o.status <> 'cancelled' GROUP BY e.email ORDER BY share DESC LIMIT 1`);
    expect(top?.email).toBe(summary.planted.dominantManager.email);
    expect(top?.share).toBeGreaterThan(0.33);
    expect(top?.share).toBeLessThan(0.42);
  });

  it('lets director@demo.test log in with password demo through the API', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'director@demo.test', password: 'demo' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'director@demo.test', role: 'director' });
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'director@demo.test', password: 'demo1' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('refuses to load into a database that already has people or clients, and rejects bad options', async () => {
    await expect(generateDemo(h.ctx, { seed: 1, clients: 10, years: 1, today: TODAY })).rejects.toMatchObject({ code: 'conflict' });
    await expect(generateDemo(h.ctx, { seed: 1, clients: 10, years: 0, today: TODAY })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'years' }] });
    await expect(generateDemo(h.ctx, { seed: 1, clients: 10, years: 1, today: '2026-02-30' })).rejects.toMatchObject({ details: [{ field: 'today' }] });
  });
});

// The generator alone, on a synthetic world: determinism needs no database.
function syntheticWorld(seed: number, clients: number): DemoWorld {
  const today = dayOf(TODAY);
  const products = catalogProducts(seed);
  return {
    seed,
    clients,
    years: 2,
    today,
    staff: Object.fromEntries(STAFF.map((s, i) => [s.key, { id: i + 1, hiredDay: today - s.hiredDaysAgo }])) as DemoWorld['staff'],
    categories: CATEGORY_DEFS.map((c, i) => ({ id: i + 1, name: c.name })),
    products: products.map((p, i) => ({ id: i + 1, categoryIndex: p.categoryIndex, listKop: p.listKop, costKop: p.costKop })),
    productsByCategory: CATEGORY_DEFS.map((_, c) => products.flatMap((p, i) => (p.categoryIndex === c ? [i] : []))),
    stages: [{ id: 1, name: 'New', kind: 'open' }, { id: 2, name: 'Proposal', kind: 'open' }, { id: 3, name: 'Won', kind: 'won' }, { id: 4, name: 'Lost', kind: 'lost' }],
    firstIds: Object.fromEntries(BULK_TABLES.map((t) => [t, 1])) as DemoWorld['firstIds'],
  };
}

function generateAll(seed: number, chunk: number) {
  const generator = new DemoGenerator(syntheticWorld(seed, 400));
  const text = Object.fromEntries(BULK_TABLES.map((t) => [t, ''])) as Record<string, string>;
  for (let tables = generator.nextChunk(chunk); tables; tables = generator.nextChunk(chunk)) for (const t of BULK_TABLES) text[t] += tables[t].text();
  const companies = (text.companies ?? '').trim().split('\n');
  return {
    names: companies.map((line) => line.split(',')[1]),
    inns: companies.map((line) => /,(\d{10}|\d{12}),/.exec(line)?.[1]),
    totals: (text.orders ?? '').trim().split('\n').map((line) => line.split(',')[6]),
    digest: createHash('sha256').update(BULK_TABLES.map((t) => text[t]).join('|')).digest('hex'),
  };
}

describe('demo generator determinism', () => {
  it('produces identical rows for the same seed, whatever the chunk size', () => {
    const a = generateAll(7, 400);
    const b = generateAll(7, 33);
    expect(a.names).toHaveLength(400);
    expect(a.inns.every((inn) => inn && checkInn(inn).ok)).toBe(true);
    expect(b.names).toEqual(a.names);
    expect(b.inns).toEqual(a.inns);
    expect(b.totals).toEqual(a.totals);
    expect(b.digest).toBe(a.digest);
  });

  it('produces different companies, INNs and orders for a different seed', () => {
    const a = generateAll(7, 400);
    const c = generateAll(8, 400);
    expect(c.names).not.toEqual(a.names);
    expect(c.inns.filter((inn, i) => inn === a.inns[i]).length).toBe(0);
    expect(c.totals).not.toEqual(a.totals);
  });
});
