import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf, loginAs, makeCompany, makeEmployee, validInn } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';
import { statementName } from '../../db/database.js';
import { foldSearchText } from '../../domain/keyboard-layout.js';
import { oneTypoThreshold, trigramCount } from './search.rank.js';
import { planSearch } from './search.plan.js';
import { searchClients, searchSettings, searchStatements, WORD_CANDIDATES, WORD_SIMILARITY_THRESHOLD } from './search.repository.js';
import * as companyWords from '../../../migrations/2026-11-24T0100_search_company_words.js';
import * as similarWords from '../../../migrations/2026-11-24T0110_search_similar_words.js';
import * as wordKeys from '../../../migrations/2026-11-24T0300_search_word_keys.js';
import * as vocabularyIndexes from '../../../migrations/2026-11-24T0310_search_vocabulary_indexes.js';

type Hit = { kind: string; id: number; title: string; subtitle: string; matched: { field: string; kind: string; layoutSwitched: boolean }; company: { id: number; name: string }; owner: { id: number; name: string; status: string } | null };

describe('search API', () => {
  const h = useApp();
  const as: Record<string, { cookie: string }> = {};
  let ownerId: number;
  let promtorg: { id: number; inn: string | null };
  let semenovId: number;
  let operatorActor: Awaited<ReturnType<typeof actorOf>>;

  beforeAll(async () => {
    const db = h.ctx.db;
    const head = await makeEmployee(db, { role: 'head_of_sales' });
    const operator = await makeEmployee(db, { role: 'call_centre' });
    const owner = await makeEmployee(db, { role: 'account_manager', name: 'Ольга Новикова', status: 'on_leave' });
    const stranger = await makeEmployee(db, { role: 'account_manager' });
    ownerId = owner.id;
    operatorActor = await actorOf(db, operator);
    for (const [k, e] of Object.entries({ head, operator, owner, stranger })) as[k] = await loginAs(h.app, e.email);

    promtorg = await makeCompany(db, { name: 'ООО «Промторг»', ownerId, inn: validInn(5_301_001) });
    await db.updateTable('companies').set({ legal_name: 'Общество с ограниченной ответственностью «Промторг»' }).where('id', '=', promtorg.id).execute();
    await makeCompany(db, { name: 'Промторг Урал', ownerId });
    await makeCompany(db, { name: 'Промкомторг', ownerId });
    await makeCompany(db, { name: 'Промтрейд', ownerId });
    const yolka = await makeCompany(db, { name: 'Ёлочка-Трейд', ownerId });
    await makeCompany(db, { name: 'Technoplast', ownerId });
    const archived = await makeCompany(db, { name: 'Архивторг', ownerId });
    await db.updateTable('companies').set({ archived_at: new Date() }).where('id', '=', archived.id).execute();
    const contacts = await db
      .insertInto('contacts')
      .values([
        { company_id: promtorg.id, name: 'Семёнов Пётр Ильич', position: 'Снабженец', phones: ['+79123456789', '+74951112233'], emails: ['P.Semenov@promtorg.ru'] },
        { company_id: yolka.id, name: 'Кузнецова Анна Сергеевна', phones: ['+79260001122'], emails: [] },
      ])
      .returning('id')
      .execute();
    semenovId = contacts[0]!.id;
  });

  const search = async (q: string, who = 'head', extra = '') => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, headers: as[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Hit[];
  };

  it('finds a company by an INN prefix, and ranks the exact INN as exact', async () => {
    const inn = promtorg.inn as string;
    const [prefix] = await search(inn.slice(0, 6));
    expect(prefix).toMatchObject({ kind: 'company', id: promtorg.id, matched: { field: 'inn', kind: 'prefix' } });
    const [exact] = await search(inn);
    expect(exact).toMatchObject({ kind: 'company', id: promtorg.id, matched: { field: 'inn', kind: 'exact' } });
  });

  it.each([
    ['8 (912) 345-67-89', 'exact'],
    ['+79123456789', 'exact'],
    ['+7 912 345 67 89', 'exact'],
    ['6789', 'prefix'],
    ['456-78-9', 'prefix'],
  ])('finds the contact behind the phone %s (%s)', async (q, kind) => {
    const [hit] = await search(q);
    expect(hit).toMatchObject({ kind: 'contact', id: semenovId, title: 'Семёнов Пётр Ильич', matched: { field: 'phone', kind } });
    expect(hit?.company).toEqual({ id: promtorg.id, name: 'ООО «Промторг»' });
    expect(hit?.owner).toEqual({ id: ownerId, name: 'Ольга Новикова', status: 'on_leave' });
  });

  it('finds a number stored in another form by its last 10 digits only when no contact has it exactly', async () => {
    const kazakh = await makeCompany(h.ctx.db, { name: 'Алматы Трейд', ownerId });
    await h.ctx.db.insertInto('contacts').values({ company_id: kazakh.id, name: 'Абаев Нурлан', phones: ['+39123456789'], emails: [] }).execute();
    // +7 912 345-67-89 is Семёнов's: the exact hit is the answer, numbers merely ending alike are not listed.
    expect((await search('+7 912 345-67-89')).map((i) => i.title)).toEqual(['Семёнов Пётр Ильич']);
    // Nobody has +7 912 345-67-88 as such; its last 10 digits find the number stored with another country code.
    await h.ctx.db.updateTable('contacts').set({ phones: ['+39123456788'] }).where('company_id', '=', kazakh.id).execute();
    const [tail] = await search('+7 912 345-67-88');
    expect(tail).toMatchObject({ kind: 'contact', title: 'Абаев Нурлан', matched: { field: 'phone', kind: 'prefix' } });
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('id', '=', kazakh.id).execute();
  });

  it('fills a page with whole-word matches when a name has far more namesakes than it reads', async () => {
    const firm = await makeCompany(h.ctx.db, { name: 'Тезки и партнёры', ownerId });
    const namesakes = Array.from({ length: WORD_CANDIDATES + 20 }, (_, i) => ({ company_id: firm.id, name: `Тезкин Гордей ${'Е'.repeat(1 + (i % 7))}вич`, phones: [], emails: [] }));
    await h.ctx.db.insertInto('contacts').values(namesakes).execute();
    const items = await search('гордей тезкин', 'head', '&limit=50');
    expect(items).toHaveLength(50);
    expect(items.every((i) => i.kind === 'contact' && i.title.startsWith('Тезкин Гордей ') && i.matched.kind === 'prefix')).toBe(true);
    // The best-scored (shortest) names come first among the namesakes read.
    expect(items[0]?.title).toBe('Тезкин Гордей Евич');
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('id', '=', firm.id).execute();
  });

  it('ranks an exact name first, then prefix; a query found as typed is not read as a typo', async () => {
    const items = await search('промторг');
    expect(items.slice(0, 2).map((i) => [i.title, i.matched.kind])).toEqual([
      ['ООО «Промторг»', 'exact'],
      ['Промторг Урал', 'prefix'],
    ]);
    // Similar spellings are looked for only when nothing matched as typed (the slow lookup).
    expect(items.map((i) => i.title)).not.toContain('Промкомторг');
    expect(items.every((i) => i.matched.kind !== 'similar')).toBe(true);
  });

  it('tolerates a typo, and lists similar names when nothing matches as typed', async () => {
    const items = await search('Промтрог');
    expect(items[0]).toMatchObject({ id: promtorg.id, matched: { field: 'name', kind: 'similar' } });
    expect(items.find((i) => i.title === 'Промторг Урал')?.matched.kind).toBe('similar');
  });

  it('finds a contact by a name with one typo, however the contact was written (insert, COPY, rename)', async () => {
    // A typo in one word, the other word as typed: "сеемнов" is one swap from "семенов".
    expect((await search('Сеемнов Петр'))[0]).toMatchObject({ kind: 'contact', id: semenovId, matched: { field: 'contactName', kind: 'similar' } });
    // A typo in a short word leaves little in common (анна/ажна: trigram similarity 0.25) and still counts.
    expect((await search('Кузнецова Ажна'))[0]).toMatchObject({ kind: 'contact', title: 'Кузнецова Анна Сергеевна', matched: { kind: 'similar' } });
    const firm = await makeCompany(h.ctx.db, { name: 'Словари и сыновья', ownerId });
    await h.ctx.database.copyCsv('contacts', ['company_id', 'name'], `${firm.id},Чебышёва Нина Львовна\n`);
    expect((await search('чебышвеа нина'))[0]).toMatchObject({ kind: 'contact', title: 'Чебышёва Нина Львовна', matched: { kind: 'similar' } });
    await h.ctx.db.updateTable('contacts').set({ name: 'Ляпунова Нина Львовна' }).where('company_id', '=', firm.id).execute();
    expect((await search('ляпнуова нина'))[0]).toMatchObject({ kind: 'contact', title: 'Ляпунова Нина Львовна', matched: { kind: 'similar' } });
    // Each typed word must be (within one typo) a word of the name: a surname alone is not enough.
    expect((await search('ляпнуова зоя')).map((i) => i.title)).not.toContain('Ляпунова Нина Львовна');
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('id', '=', firm.id).execute();
  });

  // The companies one stage finds on its own, under the settings a search runs it with.
  const stageFinds = (q: string, stage: string) =>
    h.ctx.db.transaction().execute(async (trx) => {
      const plan = planSearch(q);
      for (const [k, v] of searchSettings(plan)) await sql`select set_config(${k}, ${v}, true)`.execute(trx);
      const found = searchStatements({ actor: operatorActor, plan, limit: 20 }).find((s) => s.stage === stage);
      return found ? (await found.statement.execute(trx)).rows.map((r) => r.company_name) : [];
    });

  it('finds a company by a name with one typo through the vocabulary of company words', async () => {
    const firm = await makeCompany(h.ctx.db, { name: 'Гидроприбормонтаж Самара', ownerId });
    // One swap inside a glued brand: the typo lookup among whole words finds it, the trigram lookup is not needed.
    expect(await stageFinds('гидроприборомнтаж', 'similar')).toContain('Гидроприбормонтаж Самара');
    expect((await search('гидроприборомнтаж'))[0]).toMatchObject({ id: firm.id, matched: { field: 'name', kind: 'similar' } });
    expect((await search('гидроприбормонтаж смаара'))[0]).toMatchObject({ id: firm.id, matched: { kind: 'similar' } });
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('id', '=', firm.id).execute();
  });

  it('finds a company whose words a typo glued together by the trigram lookup, once the words found nothing', async () => {
    const firm = await makeCompany(h.ctx.db, { name: 'Меридиан Стандарт Плюс', ownerId });
    // "меридианстандарт" is no word of any name, nor one typo from one.
    expect(await stageFinds('меридианстандарт плюс', 'similar')).toEqual([]);
    expect(await stageFinds('меридианстандарт плюс', 'similarTrigram')).toContain('Меридиан Стандарт Плюс');
    expect((await search('меридианстандарт плюс'))[0]).toMatchObject({ id: firm.id, matched: { field: 'name', kind: 'similar' } });
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('id', '=', firm.id).execute();
  });

  it('keeps the company words as companies are inserted, copied and renamed', async () => {
    const vocabulary = async (words: string[]) =>
      (await sql<{ word: string }>`select word from search_company_words where word = any(${words}::text[]) order by word`.execute(h.ctx.db)).rows.map((r) => r.word);
    const firm = await makeCompany(h.ctx.db, { name: 'ООО «Вектордорстрой»', ownerId });
    await h.ctx.database.copyCsv('companies', ['name', 'legal_name'], 'Квантпромресурс,АО «Квантпромресурс Тверь»\n');
    expect(await vocabulary(['вектордорстрой', 'квантпромресурс', 'тверь', 'ооо', 'ао'])).toEqual(['вектордорстрой', 'квантпромресурс', 'тверь']);
    expect(await stageFinds('квантпромерсурс', 'similar')).toContain('Квантпромресурс');
    // The search column is folded from the name and the legal name: a change of either brings its words.
    await h.ctx.db.updateTable('companies').set({ name: 'Векторлесстрой' }).where('id', '=', firm.id).execute();
    await h.ctx.db.updateTable('companies').set({ legal_name: 'ООО «Орионстальпроект»' }).where('id', '=', firm.id).execute();
    expect(await vocabulary(['векторлесстрой', 'орионстальпроект'])).toEqual(['векторлесстрой', 'орионстальпроект']);
    expect(await stageFinds('векторлесстрйо', 'similar')).toContain('Векторлесстрой');
    expect((await search('орионстальпрокет'))[0]).toMatchObject({ id: firm.id, matched: { kind: 'similar' } });
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('name', 'in', ['Векторлесстрой', 'Квантпромресурс']).execute();
  });

  it('looks typos up by their keys with the same answer as a scan of the whole vocabulary', async () => {
    // brands glued from shared parts, as at scale, and every kind of typo of them
    const parts = ['маркет', 'групп', 'строй', 'агро', 'пром', 'торг', 'урал', 'сиб', 'тех', 'мост', 'бета', 'маш'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const pick = () => parts[next(parts.length)] as string;
    const close = ['бетамаш', 'бетамак', 'бетамаша', 'бетмаш'];
    const words = [...new Set([...close, ...Array.from({ length: 120 }, () => pick() + pick() + (next(2) ? pick() : ''))])];
    const companies = words.map((w) => `${w[0]!.toUpperCase()}${w.slice(1)}`).join('\n');
    await h.ctx.database.copyCsv('companies', ['name'], `${companies}\n`);
    const letters = 'абвгдеклмнопрстуя';
    const typo = (w: string) => {
      const i = next(w.length - 1);
      switch (next(4)) {
        case 0: return w.slice(0, i) + letters[next(letters.length)] + w.slice(i + 1);
        case 1: return w.slice(0, i) + letters[next(letters.length)] + w.slice(i);
        case 2: return w.slice(0, i) + w.slice(i + 1);
        default: return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      }
    };
    const queries = [...new Set(['бетамаж', 'бетамащ', 'бетамша', ...Array.from({ length: 300 }, () => typo(words[next(words.length)] as string))])];
    const thresholds = queries.map((q) => oneTypoThreshold(q, 0.15));
    const { rows } = await sql<{ q: string; keys: string[]; scan: string[] }>`
      select q, hf_search_similar_words('search_company_words'::regclass, q, t, 5) as keys,
             coalesce((select array[word] from search_company_words where word = q),
                      (select coalesce(array_agg(word), '{}') from (
                         select word from search_company_words
                         where length(word) between length(q) - 1 and length(q) + 1 and hf_search_one_typo(word, q) and similarity(word, q) >= t
                         order by similarity(word, q) desc, word limit 5) s)) as scan
      from unnest(${queries}::text[], ${thresholds}::float8[]) as v(q, t)`.execute(h.ctx.db);
    expect(rows).toHaveLength(queries.length);
    for (const r of rows) expect(r.keys, r.q).toEqual(r.scan);
    // not an empty comparison: most typos find the word they came from, some several words
    expect(rows.filter((r) => r.keys.length > 0).length).toBeGreaterThan(queries.length * 0.8);
    expect(rows.find((r) => r.q === 'бетамаж')?.keys).toEqual(['бетамак', 'бетамаш']);
    await h.ctx.db.updateTable('companies').set({ archived_at: new Date() }).where('name', 'in', companies.split('\n')).execute();
  });

  it('counts as one typo one letter replaced, added or dropped, or two neighbours swapped, and nothing more', async () => {
    const pairs: [string, string, boolean][] = [
      ['бетамаш', 'бетаамш', true],
      ['групп', 'рупп', true],
      ['анна', 'ажна', true],
      ['промторг', 'промторгг', true],
      ['промторг', 'xпромторг', true],
      ['промторг', 'промторг', true],
      ['бетаагро', 'бетаамш', false],
      ['промторг', 'прмотрог', false],
      ['промторг', 'пртморог', false],
      ['промторг', 'промто', false],
    ];
    const { rows } = await sql<{ ok: boolean }>`select hf_search_one_typo(a, b) as ok
      from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) with ordinality v(a, b, n) order by n`.execute(h.ctx.db);
    expect(rows.map((r) => r.ok)).toEqual(pairs.map((p) => p[2]));
  });

  it('drops the company words with their triggers, and fills them again from the companies on the way up', async () => {
    const db = h.ctx.db as never;
    await vocabularyIndexes.down(db);
    await wordKeys.down(db);
    await similarWords.down(db);
    await companyWords.down(db);
    expect((await sql<{ t: string | null }>`select to_regclass('search_company_words')::text as t`.execute(h.ctx.db)).rows[0]?.t).toBeNull();
    // No trigger is left behind to write into the dropped table.
    const firm = await makeCompany(h.ctx.db, { name: 'Байкалмедпласт', ownerId });
    await h.ctx.db.updateTable('companies').set({ name: 'Байкалмедпласт Омск' }).where('id', '=', firm.id).execute();
    await companyWords.up(db);
    await similarWords.up(db);
    await wordKeys.up(db);
    await vocabularyIndexes.up(db);
    expect((await search('байкалмедплсат омск'))[0]).toMatchObject({ id: firm.id, matched: { kind: 'similar' } });
    expect(await stageFinds('байкалмедплсат', 'similar')).toContain('Байкалмедпласт Омск');
  });

  it('reads text typed in the wrong keyboard layout, both ways', async () => {
    const [ru] = await search('ghjvnjhu');
    expect(ru).toMatchObject({ id: promtorg.id, matched: { kind: 'exact', layoutSwitched: true } });
    expect((await search('Ctvty', 'head'))[0]).toMatchObject({ kind: 'contact', id: semenovId, matched: { layoutSwitched: true } });
    const [en] = await search('еусртщздфые');
    expect(en).toMatchObject({ title: 'Technoplast', matched: { layoutSwitched: true } });
  });

  it('treats ё and е alike in queries and in names', async () => {
    expect((await search('елочка'))[0]?.title).toBe('Ёлочка-Трейд');
    expect((await search('ЁЛОЧКА трейд'))[0]?.title).toBe('Ёлочка-Трейд');
    const [contact] = await search('Семенов');
    expect(contact).toMatchObject({ kind: 'contact', id: semenovId, matched: { field: 'contactName' } });
  });

  it('finds a contact person by name in any order, and by email', async () => {
    expect((await search('Петр Семенов'))[0]).toMatchObject({ kind: 'contact', id: semenovId });
    expect((await search('Семенов П. И.'))[0]).toMatchObject({ kind: 'contact', id: semenovId, matched: { field: 'contactName', kind: 'prefix' } });
    expect((await search('p.semenov@promtorg.ru'))[0]).toMatchObject({ kind: 'contact', id: semenovId, matched: { field: 'email', kind: 'exact' } });
    expect((await search('@promtorg.ru'))[0]).toMatchObject({ id: semenovId, matched: { field: 'email', kind: 'prefix' } });
  });

  it('looks a person up by surname and initials through word-and-initial pairs, with the same answers', async () => {
    const { rows } = await sql<{ w: string[] }>`select hf_search_person_words(hf_search_fold('Семёнов Пётр Ильич')) as w`.execute(h.ctx.db);
    expect([...rows[0]!.w].sort()).toEqual(
      ['и*', 'ильич', 'ильич*и', 'ильич*п', 'ильич*с', 'п*', 'петр', 'петр*и', 'петр*п', 'петр*с', 'с*', 'семенов', 'семенов*и', 'семенов*п', 'семенов*с'].sort(),
    );
    // the words stage: every initial some word starts with, in any order, the surname's own initial too
    for (const q of ['семенов п и', 'Семенов И. П.', 'семенов с', 'петр с', 'ильич п и с']) expect(await stageFinds(q, 'exact'), q).toContain('ООО «Промторг»');
    for (const q of ['семенов п я', 'семенов а', 'петр я']) expect(await stageFinds(q, 'exact'), q).not.toContain('ООО «Промторг»');
  });

  it('answers an empty list when nothing matches, and leaves archived clients out', async () => {
    expect(await search('zzqxwv')).toEqual([]);
    expect(await search('00000')).toEqual([]);
    expect((await search('Архивторг')).map((i) => i.title)).not.toContain('Архивторг');
  });

  it.each([
    ['q=a', 'q'],
    ['q=' + 'x'.repeat(201), 'q'],
    ['q=promtorg&limit=0', 'limit'],
    ['limit=5', 'q'],
  ])('rejects %s with a 400 naming the field', async (query, field) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/search?${query}`, headers: as.head });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('honours the limit', async () => {
    expect(await search('пром', 'head', '&limit=2')).toHaveLength(2);
  });

  it('hides clients outside a manager’s portfolio, but the call centre finds every client and its owner', async () => {
    expect(await search('Промторг', 'stranger')).toEqual([]);
    expect(await search('6789', 'stranger')).toEqual([]);
    expect((await search('Промторг', 'owner'))[0]?.id).toBe(promtorg.id);
    const [operatorHit] = await search('6789', 'operator');
    expect(operatorHit).toMatchObject({ id: semenovId, owner: { id: ownerId, status: 'on_leave' } });
    // Contact numbers stay with management; operators see whose contact it is.
    expect(operatorHit?.subtitle).not.toContain('+7912');
    expect((await search('6789', 'head'))[0]?.subtitle).toContain('+79123456789');
  });

  it('looks up the caller behind a number, exact or by its last digits', async () => {
    const get = (n: string, who = 'operator') => h.app.inject({ method: 'GET', url: `/api/v1/lookup/phone/${encodeURIComponent(n)}`, headers: as[who] });
    const exact = await get('8 912 345-67-89');
    expect(exact.statusCode).toBe(200);
    expect(exact.json()).toMatchObject({ phone: '+79123456789', items: [{ company: { id: promtorg.id }, contact: { id: semenovId, name: 'Семёнов Пётр Ильич' }, owner: { id: ownerId }, exact: true }] });
    const tail = (await get('2233')).json();
    expect(tail).toMatchObject({ phone: null, items: [{ contact: { id: semenovId }, exact: false }] });
    expect((await get('+79990000000')).json().items).toEqual([]);
    expect((await get('+79123456789', 'stranger')).json().items).toEqual([]);
    const bad = await get('12-3');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('number');
  });

  it('prepares each stage once per connection and runs it again with the next query’s own values', async () => {
    const prepared = async (conn: typeof h.ctx.db) =>
      (await sql<{ name: string }>`select name from pg_prepared_statements where name like 'hf_search_%' order by name`.execute(conn)).rows.map((r) => r.name);
    await h.ctx.db.connection().execute(async (conn) => {
      const find = async (q: string) => (await searchClients(conn, { actor: operatorActor, plan: planSearch(q), limit: 20 })).map((r) => r.company_name);
      expect(await find('промторг')).toContain('ООО «Промторг»');
      const after = await prepared(conn);
      // Same shape (one word, both layouts), other values: no new statement, and its own answer.
      expect(await find('technoplast')).toEqual(['Technoplast']);
      expect(await find('ёлочка')).toEqual(['Ёлочка-Трейд']);
      expect(await prepared(conn)).toEqual(after);
      // A pooler's reset (DISCARD ALL drops prepared statements and session settings) costs a new prepare, not an error.
      await sql`discard all`.execute(conn);
      expect(await prepared(conn)).toEqual([]);
      expect(await find('ёлочка')).toEqual(['Ёлочка-Трейд']);
      // The stages this search skipped (similar spellings) are prepared too, so that the next search of
      // its shape does not send the texts again.
      const stages = searchStatements({ actor: operatorActor, plan: planSearch('ёлочка'), limit: 20 });
      expect(stages.map((s) => s.stage)).toContain('similarTrigram');
      expect(await prepared(conn)).toEqual([...new Set(stages.map(({ statement }) => statementName(statement.compile(conn).sql, 'hf_search_')))].sort());
      // A prefix range ends where the prefix does: "промторг" is not a prefix of "промтрейд" or "промкомторг".
      const prefix = await searchClients(conn, { actor: operatorActor, plan: planSearch('промторг'), limit: 20 });
      expect(prefix.filter((r) => r.tier <= 1).map((r) => r.company_name).sort()).toEqual(['ООО «Промторг»', 'Промторг Урал']);
    });
  });

  it('folds names in TypeScript exactly as the database folds the stored search column', async () => {
    const samples = ['ООО «Промторг-Ёлка»', 'ИП Семёнов П. И.', 'Акционерное общество "Газ"', 'ЗАО Зао-Групп LLC', 'Tech/Line 2000!', 'ао аорта'];
    for (const s of samples) {
      const { rows } = await sql<{ f: string }>`select hf_search_fold(${s}) as f`.execute(h.ctx.db);
      expect(rows[0]?.f, s).toBe(foldSearchText(s));
    }
  });

  it('counts trigrams as pg_trgm does, and sets the typo threshold no higher than any one typo scores', async () => {
    const names = ['капиталтрейд плюс', 'строймастер инжиниринг', 'макаров павел александрович', 'промторг', 'герасимова', 'мосэнерго урал'];
    const typos = (w: string) => {
      const out: string[] = [];
      for (let i = 1; i < w.length - 1; i++) {
        out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)); // swap
        out.push(w.slice(0, i) + w.slice(i + 1)); // drop
        out.push(w.slice(0, i) + w[i] + w.slice(i)); // double
        out.push(`${w.slice(0, i)}ж${w.slice(i + 1)}`); // replace
      }
      return out.map((t) => t.replace(/ +/g, ' ').trim());
    };
    for (const name of names) {
      const { rows: n } = await sql<{ n: number }>`select cardinality(show_trgm(${name})) as n`.execute(h.ctx.db);
      expect(trigramCount(name), name).toBe(n[0]!.n);
      const candidates = typos(name);
      const { rows } = await sql<{ q: string; ws: number }>`select q, word_similarity(q, ${name}) as ws from unnest(${candidates}::text[]) q`.execute(h.ctx.db);
      // Whatever the base threshold admitted (a swap in a short word scores below it, as before) the
      // stricter one admits too.
      const admitted = rows.filter((r) => r.ws >= WORD_SIMILARITY_THRESHOLD);
      expect(admitted.length).toBeGreaterThan(rows.length / 2);
      for (const r of admitted) expect(r.ws, `${r.q} ~ ${name}`).toBeGreaterThanOrEqual(oneTypoThreshold(r.q, WORD_SIMILARITY_THRESHOLD));
    }
  });
});
