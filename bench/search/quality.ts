import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppContext } from '../../src/app-context.js';
import { foldSearchText, ruToEn } from '../../src/domain/keyboard-layout.js';
import { generateClients } from './generate.js';
import { pick, type Rng, seededRng } from './names.js';

// The search-quality set: queries made from the client base with a known target each (name,
// fragment, typo, wrong layout, ё/е, phone in three forms, INN prefix, contact name, email).
// Only unambiguous targets are used: a fragment two clients share has no single right answer.
export type QualityQuery = { kind: string; q: string; target: { kind: 'company' | 'contact'; id: number } };

type Company = { id: number; name: string; inn: string | null; search_text: string };
type Contact = { id: number; name: string; search_text: string; phones: string[]; emails: string[] };

const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/features/demo/demo.service.ts');

/** The demo generator when it is there and works, else this benchmark's own generator. */
export async function loadDemoData(ctx: AppContext, clients: number, log: (m: string) => void): Promise<string> {
  if (fs.existsSync(DEMO)) {
    try {
      const demo = (await import(pathToFileURL(DEMO).href)) as { generateDemo: (c: AppContext, o: { seed: number; clients: number; years: number }) => Promise<unknown> };
      await demo.generateDemo(ctx, { seed: 42, clients, years: 1 });
      const n = await ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) return 'demo generator (src/features/demo)';
      log('demo generator made no contacts; using the benchmark generator');
    } catch (err) {
      log(`demo generator failed (${(err as Error).message.split('\n')[0]}); using the benchmark generator`);
    }
  }
  await generateClients(ctx, { companies: clients, seed: 7 });
  return 'bench/search generator';
}

function typo(rng: Rng, word: string): string {
  const i = 1 + Math.floor(rng() * (word.length - 2));
  const chars = [...word];
  switch (Math.floor(rng() * 4)) {
    case 0:
      [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
      break;
    case 1:
      chars.splice(i, 1);
      break;
    case 2:
      chars.splice(i, 0, chars[i] as string);
      break;
    default:
      chars[i] = pick(rng, [...'аеиоуыпрстнлвкм']);
  }
  return chars.join('');
}

const formatPhone = (e164: string) => `8 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8, 10)}-${e164.slice(10)}`;

export async function buildQualitySet(ctx: AppContext, seed = 11): Promise<QualityQuery[]> {
  const rng = seededRng(seed);
  const companies = (await ctx.db.selectFrom('companies').select(['id', 'name', 'inn', 'search_text']).where('archived_at', 'is', null).execute()) as Company[];
  const contacts = (await ctx.db.selectFrom('contacts').select(['id', 'name', 'search_text', 'phones', 'emails']).where('archived_at', 'is', null).execute()) as Contact[];
  const texts = [...companies.map((c) => c.search_text), ...contacts.map((c) => c.search_text)];
  const containing = (s: string) => texts.filter((t) => t.includes(s)).length;
  const uniqueName = companies.filter((c) => c.search_text.length >= 6 && containing(c.search_text) === 1);
  const tails = new Map<string, number>();
  for (const p of contacts.flatMap((c) => c.phones)) tails.set(p.slice(-4), (tails.get(p.slice(-4)) ?? 0) + 1);
  const phones = contacts.filter((c) => c.phones.length > 0 && contacts.filter((o) => o.phones.includes(c.phones[0] as string)).length === 1);
  const people = contacts.filter((c) => c.search_text.split(' ').length >= 2 && containing(c.search_text) === 1);
  const out: QualityQuery[] = [];
  const add = (kind: string, n: number, make: () => QualityQuery | null) => {
    for (let tries = 0, made = 0; made < n && tries < n * 50; tries++) {
      const q = make();
      if (q && !out.some((o) => o.q === q.q)) {
        out.push(q);
        made++;
      }
    }
  };
  const company = (c: Company, kind: string, q: string): QualityQuery => ({ kind, q, target: { kind: 'company', id: c.id } });
  const contact = (c: Contact, kind: string, q: string): QualityQuery => ({ kind, q, target: { kind: 'contact', id: c.id } });

  add('name', 25, () => { const c = pick(rng, uniqueName); return company(c, 'name', c.name); });
  add('fragment', 30, () => {
    const c = pick(rng, uniqueName);
    const len = 5 + Math.floor(rng() * 5);
    const start = Math.floor(rng() * Math.max(1, c.search_text.length - len));
    const frag = c.search_text.slice(start, start + len).trim();
    return frag.length >= 5 && !frag.includes(' ') && containing(frag) === 1 ? company(c, 'fragment', frag) : null;
  });
  add('typo', 40, () => {
    const c = pick(rng, uniqueName);
    const q = typo(rng, c.search_text);
    return q !== c.search_text && !q.includes('  ') ? company(c, 'typo', q) : null;
  });
  add('layout', 25, () => { const c = pick(rng, uniqueName); return company(c, 'layout', ruToEn(c.search_text)); });
  add('yo', 10, () => {
    const c = pick(rng, [...uniqueName.filter((x) => /ё/i.test(x.name)), ...people.filter((x) => /ё/i.test(x.name))]);
    if (!c) return null;
    const q = c.name.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
    return 'inn' in c ? company(c, 'yo', q) : contact(c, 'yo', q);
  });
  add('phone 8 (...)', 10, () => { const c = pick(rng, phones); return contact(c, 'phone 8 (...)', formatPhone(c.phones[0] as string)); });
  add('phone +7', 10, () => { const c = pick(rng, phones); return contact(c, 'phone +7', c.phones[0] as string); });
  add('phone last 4', 10, () => {
    const c = pick(rng, phones);
    const tail = (c.phones[0] as string).slice(-4);
    return tails.get(tail) === 1 ? contact(c, 'phone last 4', tail) : null;
  });
  add('inn prefix', 15, () => {
    const c = pick(rng, companies);
    const prefix = c.inn?.slice(0, 8);
    return prefix && companies.filter((o) => o.inn?.startsWith(prefix)).length === 1 ? company(c, 'inn prefix', prefix) : null;
  });
  add('contact name', 25, () => {
    const c = pick(rng, people);
    const [surname, first] = c.name.split(' ');
    const q = rng() < 0.5 ? c.name : `${first} ${surname}`;
    const words = foldSearchText(q).split(' ');
    // Known target only if no other person or company has all the typed words.
    return texts.filter((t) => words.every((w) => t.split(' ').includes(w))).length === 1 ? contact(c, 'contact name', q) : null;
  });
  add('email', 10, () => {
    const c = pick(rng, contacts.filter((x) => x.emails.length > 0));
    const e = c?.emails[0]?.toLowerCase();
    return e && contacts.filter((o) => o.emails.some((x) => x.toLowerCase() === e)).length === 1 ? contact(c, 'email', e) : null;
  });
  return out;
}
