import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { lookupVisibleTo } from './search.access.js';
import type { SearchPlan, TextVariant } from './search.plan.js';

// One statement per search: every meaning of the query is a branch that reads one index with
// its own LIMIT, so a short or common fragment never scans the table. Tiers rank exact
// (INN, phone, email, whole name) before prefix before similar.
export const FUZZY_CANDIDATES = 300;
// Word similarity (pg_trgm <%) above this counts as a match; 0.5 keeps one transposed letter
// in a short word ("промтрог") while still using the trigram index.
export const WORD_SIMILARITY_THRESHOLD = 0.5;
export const SWITCHED_PENALTY = 0.95;
// A few more rows than asked, so the service can re-rank near misses by edit distance.
export const RERANK_EXTRA = 30;

export type SearchOptions = { actor: Actor; plan: SearchPlan; limit: number };
export type SearchRow = {
  company_id: number;
  contact_id: number | null;
  tier: number;
  score: number;
  field: string;
  switched: boolean;
  matched_text: string;
  company_name: string;
  legal_name: string | null;
  inn: string | null;
  contact_name: string | null;
  position: string | null;
  phones: string[] | null;
  emails: string[] | null;
  owner_id: number | null;
  owner_name: string | null;
  owner_status: string | null;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

type Fragment = RawBuilder<unknown>;
// Stages run in order and a later one only when the earlier ones found fewer hits than asked for:
// tiers are strict, so a page already full of exact and prefix hits needs no fuzzy matching.
type Stages = { exact: Fragment[]; contains: Fragment[]; switched: Fragment[]; similar: Fragment[] };

function stages({ actor, plan, limit }: SearchOptions): Stages {
  const live = sql`c.archived_at is null and ${lookupVisibleTo(actor, 'c.id')}`;
  const contactLive = sql`ct.archived_at is null and ${live}`;
  const out: Stages = { exact: [], contains: [], switched: [], similar: [] };
  if (plan.innPrefix) {
    out.exact.push(sql`(select c.id, null::int, case when c.inn = ${plan.innPrefix} then 0 else 1 end, 1.0::float8, 'inn', false
      from companies c where c.inn like ${plan.innPrefix + '%'} and ${live} order by c.inn limit ${limit})`);
  }
  if (plan.phoneExact) {
    out.exact.push(sql`(select ct.company_id, ct.id, 0, 1.0::float8, 'phone', false
      from contacts ct join companies c on c.id = ct.company_id
      where ct.phones @> array[${plan.phoneExact}]::text[] and ${contactLive} limit ${limit})`);
  }
  if (plan.phoneDigits) {
    out.exact.push(sql`(select ct.company_id, ct.id, 1, (${plan.phoneDigits.length}::float8 / 10), 'phone', false
      from contacts ct join companies c on c.id = ct.company_id
      where ct.phone_tails @> array[${plan.phoneDigits.slice(-4)}]::text[]
        and exists (select 1 from unnest(ct.phones) p where p like ${'%' + plan.phoneDigits})
        and ${contactLive} limit ${limit})`);
  }
  if (plan.email) {
    const e = escapeLike(plan.email);
    out.exact.push(sql`(select ct.company_id, ct.id, case when ' ' || ct.email_text || ' ' like ${'% ' + e + ' %'} then 0 else 1 end, 1.0::float8, 'email', false
      from contacts ct join companies c on c.id = ct.company_id
      where ct.email_text like ${'%' + e + '%'} and ${contactLive} limit ${limit})`);
  }
  for (const v of plan.texts) {
    const t = textBranches(v, { live, contactLive, limit });
    if (v.switched) out.switched.push(...t.prefix, ...t.contains);
    else out.exact.push(...t.prefix), out.contains.push(...t.contains);
    out.similar.push(...t.similar);
  }
  return out;
}

type Target = { field: 'name' | 'contactName'; col: Fragment; ids: Fragment; from: Fragment; live: Fragment };

function textBranches(v: TextVariant, o: { live: Fragment; contactLive: Fragment; limit: number }) {
  const targets: Target[] = [
    { field: 'name', col: sql`c.search_text`, ids: sql`c.id, null::int`, from: sql`companies c`, live: o.live },
    { field: 'contactName', col: sql`ct.search_text`, ids: sql`ct.company_id, ct.id`, from: sql`contacts ct join companies c on c.id = ct.company_id`, live: o.contactLive },
  ];
  const k = v.switched ? SWITCHED_PENALTY : 1;
  const score = (col: Fragment, wordWeight: number) =>
    sql`${k}::float8 * (${wordWeight}::float8 * word_similarity(${v.text}, ${col}) + ${1 - wordWeight}::float8 * similarity(${v.text}, ${col}))`;
  // Words of 3+ letters are what a trigram index can look up; shorter ones would scan it all.
  const words = v.text.split(' ').filter((w) => w.length >= 3);
  const out = { prefix: [] as Fragment[], contains: [] as Fragment[], similar: [] as Fragment[] };
  for (const t of targets) {
    // Prefix: the name starts with the text; shorter names are closer to an exact match.
    out.prefix.push(sql`(select ${t.ids}, case when ${t.col} = ${v.text} then 0 else 1 end, ${k}::float8 * ${v.text.length} / greatest(length(${t.col}), 1), ${t.field}, ${v.switched}::boolean
      from ${t.from} where ${t.col} like ${v.text + '%'} and ${t.live} order by ${t.col} limit ${o.limit})`);
    if (words.length === 0) continue;
    // Contains: every word appears somewhere, in any order ("сергей иванов" finds "Иванов Сергей Петрович").
    const contains = sql.join(words.map((w) => sql`${t.col} like ${'%' + w + '%'}`), sql` and `);
    out.contains.push(sql`(select * from (select ${t.ids}, 2, ${score(t.col, 0.5)} as score, ${t.field}, ${v.switched}::boolean
      from ${t.from} where ${contains} and ${t.live} limit ${FUZZY_CANDIDATES}) x order by score desc limit ${o.limit + RERANK_EXTRA})`);
    // Similar: a bounded set of trigram candidates for typos, scored mostly by whole-name
    // similarity (a transposed pair keeps more of it than word similarity does).
    out.similar.push(sql`(select * from (select ${t.ids}, 3, ${score(t.col, 0.3)} as score, ${t.field}, ${v.switched}::boolean
      from ${t.from} where ${v.text} <% ${t.col} and ${t.live} limit ${FUZZY_CANDIDATES}) x order by score desc limit ${o.limit + RERANK_EXTRA})`);
  }
  return out;
}

const COLUMNS = sql`(company_id, contact_id, tier, score, field, switched)`;
const none = sql`(select null::int, null::int, null::int, null::float8, null::text, null::boolean where false)`;
const unionAll = (parts: Fragment[]) => (parts.length ? sql.join(parts, sql` union all `) : none);
const found = (names: string[]) =>
  sql`(select count(distinct (company_id, coalesce(contact_id, 0))) from (${sql.join(names.map((n) => sql`select * from ${sql.table(n)}`), sql` union all `)}) f)`;

export function searchStatement(options: SearchOptions): RawBuilder<SearchRow> | null {
  const s = stages(options);
  if (!s.exact.length && !s.contains.length && !s.switched.length && !s.similar.length) return null;
  const gate = (names: string[]) => sql`where ${found(names)} < ${options.limit}`;
  return sql<SearchRow>`
    with s0 ${COLUMNS} as materialized (${unionAll(s.exact)}),
    s1 ${COLUMNS} as materialized (select * from (${unionAll(s.contains)}) x ${gate(['s0'])}),
    s2 ${COLUMNS} as materialized (select * from (${unionAll(s.switched)}) x ${gate(['s0', 's1'])}),
    s3 ${COLUMNS} as materialized (select * from (${unionAll(s.similar)}) x ${gate(['s0', 's1', 's2'])}),
    best as (
      select distinct on (company_id, coalesce(contact_id, 0)) *
      from (select * from s0 union all select * from s1 union all select * from s2 union all select * from s3) h
      order by company_id, coalesce(contact_id, 0), tier, score desc
    )
    select b.company_id, b.contact_id, b.tier, b.score::float8 as score, b.field, b.switched,
      coalesce(ct.search_text, c.search_text) as matched_text,
      c.name as company_name, c.legal_name, c.inn, ct.name as contact_name, ct.position, ct.phones, ct.emails,
      e.id as owner_id, e.name as owner_name, e.status as owner_status
    from best b
    join companies c on c.id = b.company_id
    left join contacts ct on ct.id = b.contact_id
    left join employees e on e.id = c.owner_id
    order by b.tier, b.score desc, b.company_id, b.contact_id nulls first
    limit ${options.limit + RERANK_EXTRA}`;
}

/** The trigram threshold is a setting, so it is set for this transaction only. */
export const setSearchThreshold = (db: Kysely<DB>) =>
  sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(db);

export async function searchClients(db: Kysely<DB>, options: SearchOptions): Promise<SearchRow[]> {
  const statement = searchStatement(options);
  if (!statement) return [];
  return db.transaction().execute(async (trx) => {
    await setSearchThreshold(trx);
    return (await statement.execute(trx)).rows;
  });
}

export type PhoneRow = {
  company_id: number;
  company_name: string;
  contact_id: number;
  contact_name: string;
  position: string | null;
  exact: boolean;
  owner_id: number | null;
  owner_name: string | null;
  owner_status: string | null;
};

/** Who is behind a number: exact E.164 matches, else contacts whose numbers end in these digits. */
export async function lookupPhone(db: Kysely<DB>, o: { actor: Actor; e164: string | null; digits: string; limit: number }) {
  const vis = lookupVisibleTo(o.actor, 'c.id');
  const match = o.e164
    ? sql`(ct.phones @> array[${o.e164}]::text[])`
    : sql`(ct.phone_tails @> array[${o.digits.slice(-4)}]::text[] and exists (select 1 from unnest(ct.phones) p where p like ${'%' + o.digits}))`;
  const { rows } = await sql<PhoneRow>`
    select c.id as company_id, c.name as company_name, ct.id as contact_id, ct.name as contact_name, ct.position,
      ${o.e164 ? sql`true` : sql`false`} as exact, e.id as owner_id, e.name as owner_name, e.status as owner_status
    from contacts ct
    join companies c on c.id = ct.company_id
    left join employees e on e.id = c.owner_id
    where ${match} and ct.archived_at is null and c.archived_at is null and ${vis}
    order by c.id, ct.id
    limit ${o.limit}`.execute(db);
  return rows;
}
