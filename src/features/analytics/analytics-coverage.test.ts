import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { dependencyOf } from '../../domain/analytics/coverage.js';
import { defaultMinPotential } from './key-accounts.repository.js';
import { addActivity, addOrder, addSeat, dayIn, dbToday, makeCatalog } from './analytics.fixtures.js';

describe('analytics: coverage, walk-away revenue and key-account candidates', () => {
  const h = useApp();
  let head: { cookie: string };
  let am1Login: { cookie: string };
  let am2Login: { cookie: string };
  let hunter: { cookie: string };
  const e: Record<string, { id: number; name: string; email: string }> = {};
  const c: Record<string, number> = {};

  const get = async (url: string, who = head) => h.app.inject({ method: 'GET', url, headers: who });

  beforeAll(async () => {
    const db = h.ctx.db;
    const today = await dbToday(db);
    e.head = await makeEmployee(db, { role: 'head_of_sales' });
    e.am1 = await makeEmployee(db, { role: 'account_manager', name: 'Anna First' });
    e.am2 = await makeEmployee(db, { role: 'account_manager', name: 'Boris Second' });
    e.kam = await makeEmployee(db, { role: 'key_account_manager', name: 'Kira Key' });
    e.gone = await makeEmployee(db, { role: 'account_manager', status: 'departed' });
    e.hunter = await makeEmployee(db, { role: 'hunter' });
    head = await loginAs(h.app, e.head.email);
    am1Login = await loginAs(h.app, e.am1.email);
    am2Login = await loginAs(h.app, e.am2.email);
    hunter = await loginAs(h.app, e.hunter.email);
    const products = await makeCatalog(db, 4);
    const client = async (name: string, ownerId: number, o: { revenue?: string[]; ago?: number[]; categories?: number; potential?: string } = {}) => {
      c[name] = (await makeCompany(db, { name, ownerId })).id;
      if (o.potential !== undefined) await sql`UPDATE companies SET annual_potential = ${o.potential} WHERE id = ${c[name]}`.execute(db);
      for (const [i, amount] of (o.revenue ?? []).entries()) {
        const n = o.categories ?? 1;
        const share = (Number(amount) / n).toFixed(2);
        await addOrder(db, {
          companyId: c[name]!,
          orderedOn: dayIn(today, (o.ago ?? [2, 3, 4, 5, 6])[i]!),
          lines: products.slice(0, n).map((p) => ({ productId: p.id, price: share })),
        });
      }
    };
    await client('Big1', e.am1.id, { revenue: ['300000.00', '300000.00', '300000.00'] });
    await addActivity(db, { companyId: c.Big1!, employeeId: e.am1.id, daysAgo: 5 });
    await client('Big2', e.am1.id, { revenue: ['600000.00'] });
    await addSeat(db, { companyId: c.Big2!, employeeId: e.am2.id, role: 'backup' });
    await client('Mid3', e.am2.id, { revenue: ['200000.00'] });
    await addActivity(db, { companyId: c.Mid3!, employeeId: e.am1.id, daysAgo: 100, type: 'meeting' });
    await client('Mid4', e.am2.id, { revenue: ['100000.00'] });
    await addActivity(db, { companyId: c.Mid4!, employeeId: e.am1.id, daysAgo: 10, type: 'note' });
    await client('Orphan5', e.gone.id, { revenue: ['50000.00'] });
    await client('Old6', e.am2.id, { revenue: ['70000.00'], ago: [20] });
    await client('Archived7', e.am1.id, { revenue: ['10000.00'] });
    await sql`UPDATE companies SET archived_at = now() WHERE id = ${c.Archived7}`.execute(db);
    // Key-account candidates: only these have a potential.
    await client('Cand8', e.am2.id, { revenue: ['200000.00'], potential: '10000000.00' });
    await client('KamHeld9', e.am2.id, { revenue: ['100000.00'], potential: '10000000.00' });
    await addSeat(db, { companyId: c.KamHeld9!, employeeId: e.kam.id, role: 'key_account' });
    await client('KamOwner10', e.kam.id, { revenue: ['500000.00'], potential: '8000000.00' });
    await client('Broad11', e.am2.id, { revenue: ['2000000.00'], categories: 4, potential: '5000000.00' });
    await client('Small12', e.am2.id, { revenue: ['10000.00'], potential: '100000.00' });
    await client('Zero13', e.am2.id, { revenue: ['10000.00'], potential: '0' });
  });

  it('counts who knows each client: seats and recent interactions, not notes, not people who left', async () => {
    const res = await get('/api/v1/analytics/coverage?limit=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const byName = Object.fromEntries(body.items.map((i: { companyName: string }) => [i.companyName, i]));
    expect(byName.Big1).toMatchObject({ revenue: '900000.00', knowersCount: 1, flagged: true });
    expect(byName.Big1.knowers).toEqual([{ employeeId: e.am1!.id, employeeName: 'Anna First', role: 'account_manager', via: ['interactions', 'owner'] }]);
    expect(byName.Big2.knowers.map((k: { employeeName: string; via: string[] }) => [k.employeeName, k.via])).toEqual([
      ['Anna First', ['owner']],
      ['Boris Second', ['backup']],
    ]);
    expect(byName.Mid3).toMatchObject({ knowersCount: 2, flagged: false });
    expect(byName.Mid4).toMatchObject({ knowersCount: 1, flagged: true });
    expect(byName.Orphan5).toMatchObject({ knowersCount: 0, knowers: [], flagged: true });
    expect(byName.Old6).toBeUndefined();
    expect(byName.Archived7).toBeUndefined();
    // The narrower interaction window drops Anna's meeting with Mid3 100 days ago.
    const narrow = (await get('/api/v1/analytics/coverage?limit=200&interactionDays=30')).json();
    expect(narrow.items.find((i: { companyName: string }) => i.companyName === 'Mid3')).toMatchObject({ knowersCount: 1, flagged: true });
  });

  it('says how much revenue depends on a single person, matching the reference computation', async () => {
    const body = (await get('/api/v1/analytics/coverage?limit=200')).json();
    const reference = dependencyOf(
      body.items.map((i: { companyId: number; revenue: string; knowers: { employeeId: number }[] }) => ({
        companyId: i.companyId,
        revenue: i.revenue,
        knowers: i.knowers.map((k) => k.employeeId),
      })),
    );
    expect(body.summary).toMatchObject({
      clients: body.items.length,
      totalRevenue: reference.total,
      singlePersonRevenue: reference.singlePersonRevenue,
      nobodyRevenue: reference.nobodyRevenue,
    });
    expect(body.summary.singlePersonShare).toBeCloseTo(reference.singlePersonShare!, 12);
    // one person each: Big1 900k, Mid4 100k, Cand8 200k, KamOwner10 500k, Broad11 2M, Small12 10k, Zero13 10k
    expect(body.summary.singlePersonRevenue).toBe('3720000.00');
    expect(body.summary.nobodyRevenue).toBe('50000.00');
    const flaggedOnly = (await get('/api/v1/analytics/coverage?onlyFlagged=true&limit=2')).json();
    expect(flaggedOnly.items.map((i: { companyName: string }) => i.companyName)).toEqual(['Broad11', 'Big1']);
    const next = (await get(`/api/v1/analytics/coverage?onlyFlagged=true&limit=2&cursor=${flaggedOnly.nextCursor}`)).json();
    expect(next.items.map((i: { companyName: string }) => i.companyName)).toEqual(['KamOwner10', 'Cand8']);
  });

  it('ranks managers by walk-away revenue: the clients only they know', async () => {
    const res = await get('/api/v1/analytics/dependency');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const rows = body.items.map((i: { employeeName: string; walkAwayRevenue: string; soleClients: number }) => [i.employeeName, i.walkAwayRevenue, i.soleClients]);
    // Boris alone knows Mid4, Cand8, Broad11, Small12, Zero13; Anna alone knows Big1; Kira alone knows KamOwner10.
    expect(rows).toEqual([
      ['Boris Second', '2320000.00', 5],
      ['Anna First', '900000.00', 1],
      ['Kira Key', '500000.00', 1],
    ]);
    expect(body.items[0].topSoleClients.map((t: { companyName: string }) => t.companyName)).toEqual(['Broad11', 'Cand8', 'Mid4', 'Small12', 'Zero13']);
    const anna = body.items[1];
    expect(anna).toMatchObject({ rank: 2, employeeId: e.am1!.id, role: 'account_manager', status: 'active', clientsKnown: 3, ownedRevenue: '1500000.00' });
    expect(anna.topSoleClients).toEqual([{ companyId: c.Big1, companyName: 'Big1', revenue: '900000.00' }]);
    expect(anna.walkAwayShare).toBeCloseTo(900000 / Number(body.totalRevenue), 12);
    // the company-wide figures agree with the coverage report's (3.72M of the revenue depends on one person)
    const coverage = (await get('/api/v1/analytics/coverage?limit=200')).json();
    expect(body.totalRevenue).toBe(coverage.summary.totalRevenue);
    expect(body.singlePersonShare).toBeCloseTo(3720000 / Number(coverage.summary.totalRevenue), 12);
    expect(body.items.find((i: { employeeId: number }) => i.employeeId === e.gone!.id)).toBeUndefined();
  });

  it('proposes big clients with a small share or narrow assortment that no key-account manager holds, saying why', async () => {
    const res = await get('/api/v1/analytics/key-accounts');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ minPotential: '10000000.00', categoriesOffered: 4, maxShare: 0.1, maxBreadth: 0.3 });
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      companyId: c.Cand8,
      companyName: 'Cand8',
      potential: '10000000.00',
      revenue: '200000.00',
      shareOfWallet: 0.02,
      categoriesBought: 1,
      breadth: 0.25,
      holderId: e.am2!.id,
      holderName: 'Boris Second',
      holderRole: 'account_manager',
      keyAccountManagerId: null,
      candidate: true,
      why:
        'Potential 10 000 000.00 a year, we sold 200 000.00 in the last 12 months (2% share of wallet); buys 1 of 4 product categories; ' +
        'held by Boris Second (account manager), no key-account manager. Candidate: large potential with a small share of wallet and a narrow assortment.',
    });
    const all = (await get('/api/v1/analytics/key-accounts?minPotential=1000000&onlyCandidates=false')).json();
    expect(all.items.map((i: { companyName: string; candidate: boolean }) => [i.companyName, i.candidate])).toEqual([
      ['KamHeld9', false],
      ['Cand8', true],
      ['KamOwner10', false],
      ['Broad11', false],
    ]);
    expect(all.items[0]).toMatchObject({ keyAccountManagerId: e.kam!.id, keyAccountManagerName: 'Kira Key' });
    expect(all.items[3].why).toContain('Not a candidate: we already have a good share of a broad assortment.');
  });

  it('lets an account manager read key-account candidates of their own clients only', async () => {
    expect((await get('/api/v1/analytics/key-accounts', am2Login)).json().items.map((i: { companyName: string }) => i.companyName)).toEqual(['Cand8']);
    expect((await get('/api/v1/analytics/key-accounts', am1Login)).json().items).toEqual([]);
    expect((await get('/api/v1/analytics/key-accounts', hunter)).statusCode).toBe(403);
  });

  it('keeps coverage and dependency for management, and validates parameters', async () => {
    for (const url of ['/api/v1/analytics/coverage', '/api/v1/analytics/dependency']) {
      expect((await get(url, am1Login)).statusCode).toBe(403);
      expect((await get(url, hunter)).statusCode).toBe(403);
    }
    const cases: [string, string][] = [
      ['/api/v1/analytics/coverage?interactionDays=0', 'interactionDays'],
      ['/api/v1/analytics/coverage?minKnowers=two', 'minKnowers'],
      ['/api/v1/analytics/dependency?limit=1000', 'limit'],
      ['/api/v1/analytics/key-accounts?minPotential=-5', 'minPotential'],
      ['/api/v1/analytics/key-accounts?maxShare=2', 'maxShare'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field), url).toContain(field);
    }
  });

  it('follows new seats, interactions and departures without any order changing', async () => {
    const db = h.ctx.db;
    const count = async (name: string) =>
      (await get('/api/v1/analytics/coverage?limit=200')).json().items.find((i: { companyName: string }) => i.companyName === name).knowersCount;
    await addSeat(db, { companyId: c.Big1!, employeeId: e.am2!.id, role: 'backup' });
    expect(await count('Big1')).toBe(2);
    await addActivity(db, { companyId: c.Mid4!, employeeId: e.am1!.id, daysAgo: 1, type: 'visit' });
    expect(await count('Mid4')).toBe(2);
    await sql`UPDATE employees SET status = 'departed', updated_at = now() WHERE id = ${e.am2!.id}`.execute(db);
    expect(await count('Big2')).toBe(1);
    expect(await count('Big1')).toBe(1);
    const dependency = (await get('/api/v1/analytics/dependency')).json();
    expect(dependency.items.find((i: { employeeId: number }) => i.employeeId === e.am2!.id)).toBeUndefined();
  });

  it('takes "large potential" by default as the 90th percentile (percentile_disc) of the known potentials', async () => {
    const rollback = new Error('rollback');
    const seen: [string, string][] = [];
    await h.ctx.db
      .transaction()
      .execute(async (trx) => {
        for (const extra of [0, 7, 14]) {
          for (let i = 1; i <= extra; i++) {
            const id = (await makeCompany(trx, { name: `Potential ${extra}-${i}` })).id;
            await sql`UPDATE companies SET annual_potential = ${i * 1000} WHERE id = ${id}`.execute(trx);
          }
          const { rows } = await sql<{ p: string }>`SELECT (percentile_disc(0.9) WITHIN GROUP (ORDER BY annual_potential))::text AS p
            FROM companies WHERE annual_potential > 0 AND archived_at IS NULL`.execute(trx);
          seen.push([await defaultMinPotential(trx), rows[0]!.p]);
        }
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    expect(seen.map(([ours, pg]) => ours === pg)).toEqual([true, true, true]);
    // five known potentials (100k, 5M, 8M, 10M, 10M): the 5th of 5; with 7 small ones the 11th of 12 (10M);
    // with 21 small ones the 24th of 26 (8M)
    expect(seen.map(([ours]) => ours)).toEqual(['10000000.00', '10000000.00', '8000000.00']);
  });
});
