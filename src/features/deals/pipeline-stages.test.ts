import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type Headers = { cookie: string };
type StageBody = { id: number; name: string; position: number; kind: string; probability: number; archivedAt: string | null };

describe('pipeline stages API', () => {
  const h = useApp();
  let head: Headers;
  let manager: Headers;
  let company: number;

  const list = async (query = '') => (await h.app.inject({ method: 'GET', url: `/api/v1/pipeline-stages?${query}`, headers: manager })).json().items as StageBody[];
  const create = (payload: object, headers = head) => h.app.inject({ method: 'POST', url: '/api/v1/pipeline-stages', headers, payload });

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db);
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    company = (await makeCompany(h.ctx.db, { ownerId: am.id })).id;
  });

  it('lists the six seeded stages by position to anyone', async () => {
    const stages = await list();
    expect(stages.map((s) => [s.name, s.position, s.kind, s.probability])).toEqual([
      ['New', 10, 'open', 10],
      ['Qualified', 20, 'open', 25],
      ['Proposal', 30, 'open', 50],
      ['Negotiation', 40, 'open', 75],
      ['Won', 90, 'won', 100],
      ['Lost', 100, 'lost', 0],
    ]);
  });

  it('creates a stage in a given position or after the last one, with a probability fitting its kind', async () => {
    const mid = await create({ name: 'Demo', position: 35, probability: 60 });
    expect(mid.statusCode).toBe(201);
    expect(mid.json()).toMatchObject({ name: 'Demo', position: 35, kind: 'open', probability: 60, archivedAt: null });
    const last = await create({ name: 'Won big', kind: 'won' });
    expect(last.json()).toMatchObject({ position: 110, kind: 'won', probability: 100 });
    const names = (await list()).map((s) => s.name);
    expect(names.indexOf('Demo')).toBe(names.indexOf('Proposal') + 1);
    expect(names.at(-1)).toBe('Won big');
  });

  it('lets only management change the pipeline', async () => {
    const stage = (await list())[0] as StageBody;
    expect((await create({ name: 'Mine' }, manager)).statusCode).toBe(403);
    for (const req of [
      { method: 'PATCH' as const, url: `/api/v1/pipeline-stages/${stage.id}`, payload: { name: 'Renamed' } },
      { method: 'POST' as const, url: `/api/v1/pipeline-stages/${stage.id}/archive` },
    ]) {
      expect((await h.app.inject({ ...req, headers: manager })).statusCode).toBe(403);
    }
    expect((await list())[0]?.name).toBe('New');
  });

  it.each([
    ['an empty name', { name: ' ' }, 'name'],
    ['an oversized name', { name: 'x'.repeat(101) }, 'name'],
    ['a probability above 100', { name: 'P', probability: 101 }, 'probability'],
    ['a negative probability', { name: 'P', probability: -1 }, 'probability'],
    ['a fractional position', { name: 'P', position: 1.5 }, 'position'],
    ['an unknown kind', { name: 'P', kind: 'paused' }, 'kind'],
  ])('rejects %s with a 400 naming the field', async (_label, payload, field) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 409 naming the field for a duplicate name or position', async () => {
    const name = await create({ name: 'Qualified' });
    expect(name.statusCode).toBe(409);
    expect(name.json().error.details[0].field).toBe('name');
    const position = await create({ name: 'Elsewhere', position: 20 });
    expect(position.statusCode).toBe(409);
    expect(position.json().error.details[0].field).toBe('position');
  });

  it('patches name, position, kind and probability of a stage without deals', async () => {
    const s = (await create({ name: 'Tmp', position: 500 })).json() as StageBody;
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/pipeline-stages/${s.id}`,
      headers: head,
      payload: { name: 'Tmp lost', position: 501, kind: 'lost', probability: 0 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Tmp lost', position: 501, kind: 'lost', probability: 0 });
    const bad = await h.app.inject({ method: 'PATCH', url: `/api/v1/pipeline-stages/${s.id}`, headers: head, payload: { probability: 150 } });
    expect(bad.statusCode).toBe(400);
    const missing = await h.app.inject({ method: 'PATCH', url: '/api/v1/pipeline-stages/999999', headers: head, payload: { name: 'x' } });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses to archive a stage with open deals in it (409) and archives it once they move on', async () => {
    const s = (await create({ name: 'Busy', position: 600 })).json() as StageBody;
    const won = (await list()).find((x) => x.name === 'Won') as StageBody;
    const d = (await h.app.inject({ method: 'POST', url: '/api/v1/deals', headers: manager, payload: { companyId: company, title: 'Big one', stageId: s.id } })).json();
    const refused = await h.app.inject({ method: 'POST', url: `/api/v1/pipeline-stages/${s.id}/archive`, headers: head });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/1 open deal/);
    // Its kind cannot flip under the deal either: the deal's closed_at would lie.
    const flip = await h.app.inject({ method: 'PATCH', url: `/api/v1/pipeline-stages/${s.id}`, headers: head, payload: { kind: 'won' } });
    expect(flip.statusCode).toBe(409);
    expect(flip.json().error.details[0].field).toBe('kind');
    expect((await list()).some((x) => x.id === s.id)).toBe(true);

    await h.app.inject({ method: 'PATCH', url: `/api/v1/deals/${d.id}`, headers: manager, payload: { stageId: won.id } });
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/pipeline-stages/${s.id}/archive`, headers: head });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await list()).some((x) => x.id === s.id)).toBe(false);
    expect((await list('includeArchived=true')).some((x) => x.id === s.id)).toBe(true);
    // An archived stage takes no deals.
    const into = await h.app.inject({ method: 'PATCH', url: `/api/v1/deals/${d.id}`, headers: manager, payload: { stageId: s.id } });
    expect(into.statusCode).toBe(400);
    expect(into.json().error.details[0].field).toBe('stageId');
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/pipeline-stages/${s.id}/restore`, headers: head });
    expect(restored.json().archivedAt).toBeNull();
  });

  it('archives a won stage whose deals are all closed', async () => {
    const s = (await create({ name: 'Won archive', kind: 'won', position: 700 })).json() as StageBody;
    await h.app.inject({ method: 'POST', url: '/api/v1/deals', headers: manager, payload: { companyId: company, title: 'Closed', stageId: s.id } });
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/pipeline-stages/${s.id}/archive`, headers: head });
    expect(res.statusCode).toBe(200);
  });
});
