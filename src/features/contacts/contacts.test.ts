import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeCompany, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

type ContactBody = { id: number; name: string; companyId: number; isDecisionMaker: boolean };

describe('contacts API', () => {
  const h = useApp();
  let head: { cookie: string };
  let manager: { cookie: string };
  let mine: { id: number; name: string };
  let mineToo: { id: number; name: string };
  let theirs: { id: number; name: string };

  beforeAll(async () => {
    const hs = await makeEmployee(h.ctx.db, { role: 'head_of_sales' });
    const am = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    const other = await makeEmployee(h.ctx.db, { role: 'account_manager' });
    // These tests are about storage and normalisation, so the manager sees contacts in clear here;
    // the default masked policy is tested in reveals and test/http/masking-scan.
    await h.ctx.db.updateTable('role_policies').set({ mask_phones: false, mask_emails: false }).where('role', '=', 'account_manager').execute();
    head = await loginAs(h.app, hs.email);
    manager = await loginAs(h.app, am.email);
    mine = await makeCompany(h.ctx.db, { name: 'ООО Мой клиент', ownerId: am.id });
    mineToo = await makeCompany(h.ctx.db, { name: 'АО Второй клиент', ownerId: am.id });
    theirs = await makeCompany(h.ctx.db, { name: 'Чужой клиент', ownerId: other.id });
  });

  const create = (payload: object, headers = manager) => h.app.inject({ method: 'POST', url: '/api/v1/contacts', headers, payload });
  const list = async (query: string, headers = manager) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/contacts?limit=200&${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json().items as ContactBody[];
  };
  const countContacts = async () =>
    Number((await h.ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('creates a contact with phones normalised to E.164, emails lower-cased and de-duplicated, and reads it back', async () => {
    const res = await create({
      companyId: mine.id,
      name: 'Иван Петров',
      position: 'Закупки',
      isDecisionMaker: true,
      phones: ['8 (912) 345-67-89', '+7 912 345 67 89', '9123456789', '+44 20 7946 0958'],
      emails: [' Ivan.Petrov@Example.COM ', 'ivan.petrov@example.com', 'zakupki@firma.ru'],
      birthday: '1980-02-29',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      companyId: mine.id,
      companyName: 'ООО Мой клиент',
      name: 'Иван Петров',
      position: 'Закупки',
      isDecisionMaker: true,
      phones: ['+79123456789', '+442079460958'],
      emails: ['ivan.petrov@example.com', 'zakupki@firma.ru'],
      birthday: '1980-02-29',
      archivedAt: null,
    });
    expect(Date.parse(body.createdAt)).not.toBeNaN();
    const read = await h.app.inject({ method: 'GET', url: `/api/v1/contacts/${body.id}`, headers: manager });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
    const row = await h.ctx.db.selectFrom('contacts').select(['phones', 'emails']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.phones).toEqual(['+79123456789', '+442079460958']);
  });

  it('defaults to a non-decision-maker with no phones or emails', async () => {
    const res = await create({ companyId: mine.id, name: 'Минимум' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ isDecisionMaker: false, phones: [], emails: [], birthday: null, position: null });
  });

  it('rejects an unparseable phone with a 400 naming phones.<index> and the value, and writes nothing', async () => {
    const before = await countContacts();
    const res = await create({ companyId: mine.id, name: 'Плохой телефон', phones: ['+7 912 345 67 89', 'call me maybe'] });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('validation');
    expect(error.details).toEqual([{ field: 'phones.1', message: '"call me maybe" is not a phone number' }]);
    expect(error.message).toContain('call me maybe');
    expect(await countContacts()).toBe(before);
    const tooShort = await create({ companyId: mine.id, name: 'X', phones: ['12345'] });
    expect(tooShort.json().error.details[0].field).toBe('phones.0');
  });

  it.each([
    ['an email that is not one', { emails: ['ok@firma.ru', 'not-an-email'] }, 'emails.1'],
    ['a birthday in the future', { birthday: '2999-01-01' }, 'birthday'],
    ['a birthday that is not a date', { birthday: '2023-02-30' }, 'birthday'],
    ['a birthday in the wrong form', { birthday: '01.02.1980' }, 'birthday'],
    ['a non-boolean decision-maker flag', { isDecisionMaker: 'yes' }, 'isDecisionMaker'],
    ['an oversized name', { name: 'x'.repeat(201) }, 'name'],
    ['an empty name', { name: '   ' }, 'name'],
    ['an oversized phone', { phones: ['1'.repeat(51)] }, 'phones.0'],
    ['phones that are not a list', { phones: '+79123456789' }, 'phones'],
    ['an oversized position', { position: 'p'.repeat(201) }, 'position'],
  ])('rejects %s with a 400 naming the field', async (_label, over, field) => {
    const res = await create({ companyId: mine.id, name: 'Валидный', ...over });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('rejects a missing companyId, and a company the manager cannot see, with a 400 naming companyId', async () => {
    for (const payload of [{ name: 'Без компании' }, { companyId: theirs.id, name: 'Чужой' }, { companyId: 999999, name: 'Нет такой' }]) {
      const res = await create(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('companyId');
    }
  });

  it('hides contacts of a client outside the portfolio: 404 by id, absent from lists, untouchable', async () => {
    const hidden = (await create({ companyId: theirs.id, name: 'Скрытый Контакт' }, head)).json();
    expect(hidden.companyName).toBe('Чужой клиент');
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/contacts/${hidden.id}`, headers: manager })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${hidden.id}`, headers: manager, payload: { name: 'Взлом' } })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/contacts/${hidden.id}/archive`, headers: manager })).statusCode).toBe(404);
    expect((await list('q=Скрытый')).map((c) => c.id)).toEqual([]);
    expect(await list(`companyId=${theirs.id}`)).toEqual([]);
    expect((await list('q=Скрытый', head)).map((c) => c.id)).toEqual([hidden.id]);
    const row = await h.ctx.db.selectFrom('contacts').select(['name', 'archived_at']).where('id', '=', hidden.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Скрытый Контакт', archived_at: null });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/contacts/999999', headers: head })).statusCode).toBe(404);
  });

  it('updates fields, re-normalises phones, clears a birthday, and moves a contact only to a visible client', async () => {
    const c = (await create({ companyId: mine.id, name: 'Меняющийся', phones: ['9123456789'], birthday: '1990-05-05' })).json();
    const patch = (payload: object) => h.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${c.id}`, headers: manager, payload });

    const updated = await patch({ phones: ['8 912 000 11 22'], isDecisionMaker: true, birthday: null, emails: ['NEW@Firma.ru'] });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Меняющийся', phones: ['+79120001122'], isDecisionMaker: true, birthday: null, emails: ['new@firma.ru'] });

    const badPhone = await patch({ phones: ['abc'] });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details[0].field).toBe('phones.0');

    const stolen = await patch({ companyId: theirs.id });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.details[0].field).toBe('companyId');

    const moved = await patch({ companyId: mineToo.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ companyId: mineToo.id, companyName: 'АО Второй клиент', phones: ['+79120001122'] });
  });

  it('filters by company, decision maker and name prefix (case-insensitive, not a substring)', async () => {
    const company = await makeCompany(h.ctx.db, { name: 'Фильтры' });
    const mk = async (name: string, isDecisionMaker: boolean) => (await create({ companyId: company.id, name, isDecisionMaker }, head)).json().id as number;
    const anna = await mk('Анна Смирнова', true);
    const andrey = await mk('Андрей Козлов', false);
    const boris = await mk('Борис Анисимов', true);

    expect((await list(`companyId=${company.id}`, head)).map((c) => c.id).sort()).toEqual([anna, andrey, boris].sort());
    expect((await list(`companyId=${company.id}&isDecisionMaker=true`, head)).map((c) => c.id).sort()).toEqual([anna, boris].sort());
    expect((await list(`companyId=${company.id}&isDecisionMaker=false`, head)).map((c) => c.id)).toEqual([andrey]);
    expect((await list(`companyId=${company.id}&q=${encodeURIComponent('ан')}`, head)).map((c) => c.id).sort()).toEqual([anna, andrey].sort());
    expect((await list(`companyId=${company.id}&q=${encodeURIComponent('анн')}`, head)).map((c) => c.id)).toEqual([anna]);
    expect(await list(`companyId=${company.id}&q=%25`, head)).toEqual([]);
  });

  it('pages through contacts with a cursor in either direction and each sort, without repeats or gaps', async () => {
    const company = await makeCompany(h.ctx.db, { name: 'Пагинация' });
    const ids: number[] = [];
    for (const i of [3, 0, 5, 1, 6, 2, 4]) ids.push((await create({ companyId: company.id, name: `Paged ${i}` }, head)).json().id);
    const walk = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/contacts?companyId=${company.id}&limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await h.app.inject({ method: 'GET', url, headers: head })).json();
        seen.push(...body.items.map((c: ContactBody) => c.name));
        cursor = body.nextCursor;
      } while (cursor);
      return seen;
    };
    const byName = [0, 1, 2, 3, 4, 5, 6].map((i) => `Paged ${i}`);
    expect(await walk('sort=name')).toEqual(byName);
    expect(await walk('sort=name&dir=desc')).toEqual([...byName].reverse());
    expect(await walk('sort=id')).toEqual([3, 0, 5, 1, 6, 2, 4].map((i) => `Paged ${i}`));
    expect(await walk('sort=createdAt&dir=desc')).toEqual([4, 2, 6, 1, 5, 0, 3].map((i) => `Paged ${i}`));
  });

  it('archives a contact so it leaves the default list, and restores it', async () => {
    const c = (await create({ companyId: mine.id, name: 'Архивный Контакт' })).json();
    const archived = await h.app.inject({ method: 'POST', url: `/api/v1/contacts/${c.id}/archive`, headers: manager });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    expect(await list('q=Архивный')).toEqual([]);
    expect((await list('q=Архивный&includeArchived=true')).map((x) => x.id)).toEqual([c.id]);
    const restored = await h.app.inject({ method: 'POST', url: `/api/v1/contacts/${c.id}/restore`, headers: manager });
    expect(restored.json().archivedAt).toBeNull();
    expect((await list('q=Архивный')).map((x) => x.id)).toEqual([c.id]);
  });

  it('answers 409 naming externalId for a duplicate external id', async () => {
    expect((await create({ companyId: mine.id, name: 'Из 1С', externalId: '1c-contact-1' })).statusCode).toBe(201);
    const dup = await create({ companyId: mine.id, name: 'Из 1С снова', externalId: '1c-contact-1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('externalId');
  });

  it('rejects malformed list parameters with a 400', async () => {
    for (const [query, field] of [['isDecisionMaker=perhaps', 'isDecisionMaker'], ['sort=phone', 'sort'], ['companyId=abc', 'companyId'], ['cursor=garbage', 'cursor']]) {
      const res = await h.app.inject({ method: 'GET', url: `/api/v1/contacts?${query}`, headers: head });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe(field);
    }
  });
});
