import { sql } from 'kysely';
import type { AppContext } from '../../src/app-context.js';
import { innWithCheckDigits } from '../../src/domain/inn.js';
import { companyName, fullName, person, pick, POSITIONS, type Rng, seededRng, translit } from './names.js';

// A client base for the search benchmark and quality set: employees, companies with owners and
// backups, contacts with phones and emails (COPY from a seeded PRNG), then orders, deals,
// activities and tasks with set-based SQL so the dossier has something to read.
export type SampleCompany = { id: number; name: string; legalName: string; inn: string; ownerId: number };
export type SampleContact = { id: number; companyId: number; name: string; phones: string[]; emails: string[] };
export type Generated = { companies: SampleCompany[]; contacts: SampleContact[]; employeeIds: number[] };

const csvField = (v: string | number | boolean | null) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvRow = (fields: (string | number | boolean | null)[]) => fields.map(csvField).join(',');
const pgArray = (items: string[]) => `{${items.map((i) => `"${i}"`).join(',')}}`;

const ROLES: [string, number][] = [['director', 1], ['head_of_sales', 2], ['call_centre', 8], ['key_account_manager', 15], ['hunter', 20], ['account_manager', 150]];

async function insertEmployees(ctx: AppContext, rng: Rng) {
  const rows: string[] = [];
  let n = 0;
  for (const [role, count] of ROLES) {
    for (let i = 0; i < count; i++) {
      n++;
      const r = rng();
      // Some managers are away or gone: the dossier must route their clients to someone else.
      const status = role.includes('manager') ? (r < 0.06 ? 'departed' : r < 0.12 ? 'on_leave' : r < 0.15 ? 'departing' : 'active') : 'active';
      rows.push(csvRow([fullName(person(rng)), `bench.${n}.${Date.now()}@holdfast.test`, role, status]));
    }
  }
  await ctx.database.copyCsv('employees', ['name', 'email', 'role', 'status'], rows.join('\n') + '\n');
  const all = await ctx.db.selectFrom('employees').select(['id', 'role']).where('email', 'like', 'bench.%').orderBy('id').execute();
  return { managers: all.filter((e) => e.role.includes('manager') || e.role === 'hunter').map((e) => e.id), all: all.map((e) => e.id) };
}

function phone(rng: Rng, mobile: boolean) {
  const body = String(Math.floor(rng() * 1e7)).padStart(7, '0');
  return mobile ? `+79${String(Math.floor(rng() * 100)).padStart(2, '0')}${body}` : `+7${pick(rng, ['495', '499', '812', '343', '383', '846', '843', '863'])}${body}`;
}

async function nextId(ctx: AppContext, table: 'companies' | 'contacts') {
  const row = await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from ${sql.table(table)}`.execute(ctx.db);
  return (row.rows[0]?.id ?? 0) + 1;
}

export async function generateClients(
  ctx: AppContext,
  options: { companies: number; seed: number; sampleEvery?: number; log?: (msg: string) => void },
): Promise<Generated> {
  const rng = seededRng(options.seed);
  const sampleEvery = options.sampleEvery ?? 1;
  const { managers, all } = await insertEmployees(ctx, rng);
  const out: Generated = { companies: [], contacts: [], employeeIds: all };
  const BATCH = 20_000;
  let innSeq = Math.floor(rng() * 1e6);
  for (let start = 0; start < options.companies; start += BATCH) {
    const size = Math.min(BATCH, options.companies - start);
    const firstCompany = await nextId(ctx, 'companies');
    let firstContact = await nextId(ctx, 'contacts');
    const companies: string[] = [];
    const contacts: string[] = [];
    const team: string[] = [];
    for (let i = 0; i < size; i++) {
      const id = firstCompany + i;
      const people = Array.from({ length: 1 + Math.floor(rng() * 5) }, () => person(rng));
      const { name, legalName } = companyName(rng, people[0]);
      // Regions 01..89 and a running number keep INNs unique; check digits make them valid.
      const inn = innWithCheckDigits(String(10 + Math.floor(rng() * 80)) + String(innSeq++ % 1e7).padStart(7, '0'));
      const ownerId = pick(rng, managers);
      companies.push(csvRow([name, legalName, inn, 'active', ownerId, `bench-${id}`]));
      team.push(csvRow([id, ownerId, 'owner']));
      if (rng() < 0.4) {
        const backup = pick(rng, managers);
        if (backup !== ownerId) team.push(csvRow([id, backup, 'backup']));
      }
      const domain = `${translit(name.replace(/^(ООО|АО|ИП) /, '')).slice(0, 16) || 'firm'}${id % 97}.ru`;
      const keep = i % sampleEvery === 0;
      if (keep) out.companies.push({ id, name, legalName, inn, ownerId });
      for (const p of people) {
        const phones = rng() < 0.1 ? [] : rng() < 0.5 ? [phone(rng, true)] : [phone(rng, true), phone(rng, false)];
        const emails = rng() < 0.2 ? [] : [`${translit(p.first[0] ?? 'a')}.${translit(p.surname)}@${domain}`];
        contacts.push(csvRow([id, fullName(p), pick(rng, POSITIONS), pgArray(phones), pgArray(emails)]));
        if (keep) out.contacts.push({ id: firstContact, companyId: id, name: fullName(p), phones, emails });
        firstContact++;
      }
    }
    await ctx.database.copyCsv('companies', ['name', 'legal_name', 'inn', 'status', 'owner_id', 'external_id'], companies.join('\n') + '\n');
    const check = await ctx.db.selectFrom('companies').select('external_id').where('id', '=', firstCompany).executeTakeFirst();
    // Ids are assigned in COPY order on a database nobody else writes to; check rather than trust.
    if (check?.external_id !== `bench-${firstCompany}`) throw new Error('company ids are not sequential; load into an empty database');
    await ctx.database.copyCsv('contacts', ['company_id', 'name', 'position', 'phones', 'emails'], contacts.join('\n') + '\n');
    await ctx.database.copyCsv('account_team', ['company_id', 'employee_id', 'role'], team.join('\n') + '\n');
    options.log?.(`  companies ${start + size}/${options.companies}`);
  }
  await generateHistory(ctx);
  return out;
}

// Orders over the last two years, open deals, activities and tasks, set-based and deterministic.
async function generateHistory(ctx: AppContext) {
  const h = (expr: ReturnType<typeof sql>) => sql`abs(hashint8(${expr}))`;
  await sql`
    insert into orders (company_id, number, ordered_on, status, owner_id, total)
    select c.id, 'B-' || c.id || '-' || k, current_date - (${h(sql`c.id::bigint * 7 + k`)} % 730)::int,
      (array['confirmed','shipped','completed','completed','completed','cancelled'])[1 + ${h(sql`c.id::bigint * 11 + k`)} % 6],
      c.owner_id, (${h(sql`c.id::bigint * 13 + k`)} % 5000000) / 100.0
    from companies c cross join generate_series(1, 1 + (c.id % 3)) k`.execute(ctx.db);
  await sql`
    insert into deals (company_id, title, stage_id, amount, owner_id, expected_close)
    select c.id, 'Поставка ' || c.id, (select id from pipeline_stages where kind = 'open' order by position limit 1 offset (c.id % 4)),
      (${h(sql`c.id::bigint * 17`)} % 10000000) / 100.0, c.owner_id, current_date + (c.id % 90)
    from companies c where c.id % 3 = 0`.execute(ctx.db);
  await sql`
    insert into activities (type, employee_id, company_id, occurred_at, direction, summary)
    select (array['call','email','meeting','note'])[1 + (c.id + k) % 4], c.owner_id, c.id,
      now() - make_interval(hours => (${h(sql`c.id::bigint * 19 + k`)} % 8760)::int), 'outbound', 'Обсудили поставку'
    from companies c cross join generate_series(1, 1 + (c.id % 4)) k`.execute(ctx.db);
  await sql`
    insert into tasks (title, due_at, assignee_id, company_id, status)
    select 'Перезвонить клиенту', now() + make_interval(days => (c.id % 30)), c.owner_id, c.id, 'open'
    from companies c where c.id % 4 = 1`.execute(ctx.db);
  await sql`analyze`.execute(ctx.db);
}
