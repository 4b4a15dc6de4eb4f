import { type Kysely, type RawBuilder, sql } from 'kysely';
import { statementName } from '../../db/database.js';
import { executeArguments } from '../../db/inline-parameters.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { lookupVisibleTo } from './search.access.js';
import { prefixUpperBound, type SearchPlan, type TextVariant } from './search.plan.js';
import { oneTypoThreshold } from './search.rank.js';

// Every meaning of the query is a branch that reads one index under its own LIMIT, so a short or
// common fragment never scans a table; branches are grouped in stages, one statement each. Tiers
// rank exact (INN, phone, email, whole name) before prefix and whole words, then fragments, then
// similar spellings.
export const FUZZY_CANDIDATES = 300;
// Whole-word matches all contain every typed word, so they differ only in their other words (a
// patronymic, a city): the best page of the first 60 is as good as of the first 300, and common names
// ("петр иванов": thousands of contacts at 1M clients) no longer fetch and score 300 rows and their
// companies (measured: 17 -> 7 ms one at a time for a person's name).
export const WORD_CANDIDATES = 60;
// Word similarity (pg_trgm <%) above this counts as a match; 0.5 keeps one transposed letter
// in a short word ("промтрог") while still using the trigram index.
export const WORD_SIMILARITY_THRESHOLD = 0.5;
export const SWITCHED_PENALTY = 0.95;
// Fragment and typo matching are the costly lookups (a common fragment like "романова" matches
// 48,000 of 3M contacts before any LIMIT applies). A query that already found a few clients by
// name or whole words was typed as words, so fragments are looked for only below this many hits,
// and similar spellings only when fragments found almost nothing either.
export const CONTAINS_ONLY_BELOW = 5;
export const SIMILAR_ONLY_BELOW = 3;
const MATCHED_AS_TYPED = 1;
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
const FULL_EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/;

type Fragment = RawBuilder<unknown>;

// "Starts with" as the range of its prefix index (COLLATE "C": code point order), written out because
// the stages run as generic plans (see searchClients): a LIKE 'x%' whose pattern is a parameter cannot
// become an index range there. Under code point order the range holds exactly the strings that start
// with the prefix. No LIKE beside it: the planner would AND the trigram index into the range and sort
// every match (45k contacts for "воро": 330 ms) instead of reading the first 20 in index order.
const startsWith = (col: Fragment, prefix: string) => sql`${col} collate "C" >= ${prefix} and ${col} collate "C" < ${prefixUpperBound(prefix)}`;
const HIT = sql`(company_id, contact_id, tier, score, field, switched)`;

type StageName = 'exact' | 'tail' | 'contains' | 'switched' | 'switchedContains' | 'similar' | 'similarTrigram';
const STAGES: StageName[] = ['exact', 'tail', 'contains', 'switched', 'switchedContains', 'similar', 'similarTrigram'];

// Stages run in order, one statement each, and a later one only when the earlier ones found fewer
// hits than asked for: tiers are strict, so a page already full of exact and prefix hits needs no
// fuzzy matching, and a statement that would not run is not even planned.
class Statement {
  readonly stages: Record<StageName, { ctes: Fragment[]; branches: Fragment[] }> = {
    exact: { ctes: [], branches: [] },
    tail: { ctes: [], branches: [] },
    contains: { ctes: [], branches: [] },
    switched: { ctes: [], branches: [] },
    switchedContains: { ctes: [], branches: [] },
    similar: { ctes: [], branches: [] },
    similarTrigram: { ctes: [], branches: [] },
  };

  add(stage: StageName, branch: Fragment) {
    this.stages[stage].branches.push(branch);
  }

  // Index-set matches live in materialized CTEs: planned for the whole match (a bitmap index scan)
  // and read lazily, so the LIMIT stops them early without steering the planner to a full scan.
  matches(stage: StageName, select: Fragment, take: number, bestFirst: number | null) {
    const { ctes } = this.stages[stage];
    const name = sql.raw(`m${ctes.length}`);
    ctes.push(sql`${name} ${HIT} as materialized (${select})`);
    this.add(
      stage,
      bestFirst === null
        ? sql`(select * from ${name} limit ${take})`
        : sql`(select * from (select * from ${name} limit ${take}) x order by score desc limit ${bestFirst})`,
    );
  }
}

function build({ actor, plan, limit }: SearchOptions): Statement {
  const st = new Statement();
  const live = sql`c.archived_at is null and ${lookupVisibleTo(actor, 'c.id')}`;
  const contactLive = sql`ct.archived_at is null and ${live}`;
  const contactsOf = sql`contacts ct join companies c on c.id = ct.company_id`;
  if (plan.innPrefix) {
    // An ordered range scan of the INN index: fast at any prefix length, so no CTE needed.
    st.add('exact', sql`(select c.id, null::int, case when c.inn = ${plan.innPrefix} then 0 else 1 end, (${plan.innPrefix.length}::float8 / 12), 'inn', false
      from companies c where ${startsWith(sql`c.inn`, plan.innPrefix)} and ${live} order by c.inn collate "C" limit ${limit})`);
  }
  if (plan.phoneExact) {
    st.matches('exact', sql`select ct.company_id, ct.id, 0, 1.0::float8, 'phone', false
      from ${contactsOf} where ct.phone_tails @> array[${plan.phoneExact.slice(-4)}]::text[] and ct.phones @> array[${plan.phoneExact}]::text[] and ${contactLive}`, limit, null);
  }
  if (plan.phoneDigits) {
    // Beside a whole number, "ends in these 10 digits" only adds numbers stored in another form: it
    // reads every contact sharing the last 4 digits (~400 rows at 3M contacts), so it waits for the
    // exact lookup to come back empty.
    st.matches(plan.phoneExact ? 'tail' : 'exact', sql`select ct.company_id, ct.id, 1, (${plan.phoneDigits.length}::float8 / 10), 'phone', false
      from ${contactsOf} where ct.phone_tails @> array[${plan.phoneDigits.slice(-4)}]::text[]
        and exists (select 1 from unnest(ct.phones) p where p like ${'%' + plan.phoneDigits}) and ${contactLive}`, limit, null);
  }
  if (plan.email) {
    // A whole address is one element of the address list (a short index lookup); a part of one
    // ("@promtorg.ru") is a trigram lookup.
    if (FULL_EMAIL.test(plan.email)) {
      st.matches('exact', sql`select ct.company_id, ct.id, 0, 1.0::float8, 'email', false
        from ${contactsOf} where string_to_array(ct.email_text, ' ') @> array[${plan.email}]::text[] and ${contactLive}`, limit, null);
    } else {
      st.matches('contains', sql`select ct.company_id, ct.id, 1, 0.9::float8, 'email', false
        from ${contactsOf} where ct.email_text like ${'%' + escapeLike(plan.email) + '%'} and ${contactLive}`, limit, null);
    }
  }
  for (const v of plan.texts) textBranches(st, v, { live, contactLive, limit });
  return st;
}

// Words of 3+ letters are what a trigram index can look up; shorter ones would scan it all. Each is a
// condition of its own in the fragment and typo lookups, so the first few make the statement's shape
// (and bound how many shapes a backend prepares); a longer query is matched by its first six words.
export const MAX_FUZZY_WORDS = 6;
const fuzzyWords = (text: string) => text.split(' ').filter((w) => w.length >= 3).slice(0, MAX_FUZZY_WORDS);
const fuzzyText = (text: string) => fuzzyWords(text).join(' ');

// vocabulary: the table of the distinct words of col (see similarName); words: the indexed words of col
// (hf_search_words, or for people hf_search_person_words, which adds word-and-initial pairs).
type Target = { field: 'name' | 'contactName'; col: Fragment; words: Fragment; pairs: boolean; vocabulary: string; ids: Fragment; from: Fragment; live: Fragment };

function textBranches(st: Statement, v: TextVariant, o: { live: Fragment; contactLive: Fragment; limit: number }) {
  const targets: Target[] = [
    { field: 'name', col: sql`c.search_text`, words: sql`hf_search_words(c.search_text)`, pairs: false, vocabulary: 'search_company_words', ids: sql`c.id, null::int`, from: sql`companies c`, live: o.live },
    { field: 'contactName', col: sql`ct.search_text`, words: sql`hf_search_person_words(ct.search_text)`, pairs: true, vocabulary: 'search_contact_words', ids: sql`ct.company_id, ct.id`, from: sql`contacts ct join companies c on c.id = ct.company_id`, live: o.contactLive },
  ];
  const k = v.switched ? SWITCHED_PENALTY : 1;
  const weighted = (text: string, col: Fragment, wordWeight: number) =>
    sql`${k}::float8 * (${wordWeight}::float8 * word_similarity(${text}, ${col}) + ${1 - wordWeight}::float8 * similarity(${text}, ${col}))`;
  const score = (col: Fragment, wordWeight: number) => weighted(v.text, col, wordWeight);
  const fuzzyScore = (text: string, col: Fragment) => weighted(text, col, 0.3);
  const words = fuzzyWords(v.text);
  const prefixStage: StageName = v.switched ? 'switched' : 'exact';
  const containsStage: StageName = v.switched ? 'switchedContains' : 'contains';
  for (const t of targets) {
    // Prefix: an ordered range scan of the name index; shorter names are closer to an exact match.
    st.add(prefixStage, sql`(select ${t.ids}, case when ${t.col} = ${v.text} then 0 else 1 end, ${k}::float8 * (0.6 + 0.4 * ${v.text.length} / greatest(length(${t.col}), 1)), ${t.field}, ${v.switched}::boolean
      from ${t.from} where ${startsWith(t.col, v.text)} and ${t.live} order by ${t.col} collate "C" limit ${o.limit})`);
    // Words: every typed word is a whole word of the name, in any order, and a single letter is an
    // initial some word starts with ("романова л а" finds "Романова Людмила Андреевна"); one lookup
    // in the words index (see hf_search_words). For people each word also comes paired with each
    // initial ("романова*л"): short posting lists where an initial's alone are long (T0320). Ranked
    // below names that start with the text.
    const typed = v.text.split(' ').filter(Boolean);
    const full = typed.filter((w) => w.length > 1);
    const initials = typed.filter((w) => w.length === 1);
    if (full.length > 0) {
      // a pair implies its word and its initial, whose long posting lists GIN would read all the same
      const keys = [
        ...new Set(t.pairs && initials.length > 0 ? full.flatMap((w) => initials.map((i) => `${w}*${i}`)) : [...full, ...initials.map((i) => `${i}*`)]),
      ];
      st.matches(prefixStage, sql`select ${t.ids}, 1, 0.6 * ${score(t.col, 0.5)}, ${t.field}, ${v.switched}::boolean
        from ${t.from} where ${t.words} @> ${sql.val(keys)}::text[] and ${t.live}`, Math.max(WORD_CANDIDATES, o.limit), o.limit);
    }
    if (words.length === 0) continue;
    // Contains: every word appears somewhere, in any order ("сергей иванов" finds "Иванов Сергей Петрович").
    const contains = sql.join(words.map((w) => sql`${t.col} like ${'%' + w + '%'}`), sql` and `);
    st.matches(containsStage, sql`select ${t.ids}, 2, ${score(t.col, 0.5)}, ${t.field}, ${v.switched}::boolean
      from ${t.from} where ${contains} and ${t.live}`, FUZZY_CANDIDATES, o.limit + RERANK_EXTRA);
    // Similar: names whose words are the typed ones within one typo (see similarName), scored mostly by
    // whole-name similarity (a transposed pair keeps more of it than word similarity does). Initials and
    // other 1-2 letter words are left out: their trigrams (" н ") sit in a large share of all names.
    const fuzzy = words.join(' ');
    const similar = (stage: StageName, match: Fragment) =>
      st.matches(stage, sql`select ${t.ids}, 3, ${fuzzyScore(fuzzy, t.col)}, ${t.field}, ${v.switched}::boolean
        from ${t.from} where ${match} and ${t.live}`, FUZZY_CANDIDATES, o.limit + RERANK_EXTRA);
    similar('similar', similarName(words, t));
    // A typo can also glue two words of a name ("меридианстандарт плюс"): no word of the name is then
    // one typo from the typed one. The word-similarity lookup over the trigram index of every company
    // finds those, at 8-14 ms a query at 1M companies, so it waits for the vocabularies to find nothing
    // at all (see enoughFor).
    if (t.field === 'name') similar('similarTrigram', sql`${fuzzy} <% ${t.col}`);
  }
}

// A name is similar when each typed word of 3+ letters is a word of the name or one typo away from one:
// a query holds one typo at most, so a word found as typed in the vocabulary of the target's words (see
// the T0500 and T0100 migrations) is taken as typed, and any other word stands for its SIMILAR_WORDS
// closest words there exactly one typo away (hf_search_similar_words, T0110), found through the trigram
// index at the word's own threshold: one typo keeps a word's trigram similarity at (n-4)/(n+4) or more
// (as in oneTypoThreshold): 0.27 for a swap in "павлов", 0.11 in a four-letter word, hence the low
// floor. The names are then a lookup of those whole words, bounded like
// every branch, instead of a trigram lookup over every name (100k+ candidate rows for a surname at 3M
// contacts; 8-14 ms for a company at 1M, whose common trigrams like "плю" have long posting lists).
// Words glued together by a typo ("павеллалександрович") are not found this way; for companies the
// trigram lookup remains as a later stage.
const SIMILAR_WORDS = 5;
const WORD_TYPO_SIMILARITY = 0.15;
function similarName(words: string[], t: Pick<Target, 'words' | 'vocabulary'>): Fragment {
  const bears = words.map(
    (w) => sql`${t.words} && (select hf_search_similar_words(${t.vocabulary}::regclass, ${w}, ${oneTypoThreshold(w, WORD_TYPO_SIMILARITY)}::float8, ${SIMILAR_WORDS}))`,
  );
  return sql.join(bears, sql` and `);
}

/** One stage's statement: its lookups, the best hit per company or contact, and what to show. */
function stageStatement(stage: { ctes: Fragment[]; branches: Fragment[] }, limit: number): RawBuilder<SearchRow> {
  return sql<SearchRow>`
    with ${stage.ctes.length ? sql`${sql.join(stage.ctes, sql`, `)},` : sql``}
    best as (
      select distinct on (company_id, coalesce(contact_id, 0)) *
      from (${sql.join(stage.branches, sql` union all `)}) h ${HIT}
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
    limit ${limit + RERANK_EXTRA}`;
}

/** The statements of a search, stage by stage (empty stages left out); for tests and EXPLAIN. */
export function searchStatements(options: SearchOptions): { stage: StageName; statement: RawBuilder<SearchRow> }[] {
  const st = build(options);
  return STAGES.filter((name) => st.stages[name].branches.length > 0).map((name) => ({ stage: name, statement: stageStatement(st.stages[name], options.limit) }));
}

const key = (r: SearchRow) => `${r.company_id}:${r.contact_id ?? 0}`;

// Settings for this transaction only. Every branch is a small index lookup joined by id, but the
// planner misjudges how many rows some match (it takes an exact phone for 0.5% of all contacts) and
// then plans to scan millions of rows (seq scans, merge or hash joins over a whole table). It also
// starts parallel workers or a JIT compile (300 ms) for what takes a few milliseconds. So: index
// lookups and nested loops only, no workers, no JIT; plus the word-similarity threshold of the
// company trigram lookup (similarTrigram), as strict as one typo allows (see oneTypoThreshold; the
// vocabulary lookups set their own per word). Exported, like searchStatements, for tests and EXPLAIN.
export function searchSettings(plan: SearchPlan): [string, string][] {
  const thresholds = plan.texts.map((v) => oneTypoThreshold(fuzzyText(v.text), WORD_SIMILARITY_THRESHOLD));
  return [
    ['pg_trgm.word_similarity_threshold', String(thresholds.length ? Math.min(...thresholds) : WORD_SIMILARITY_THRESHOLD)],
    ['enable_seqscan', 'off'],
    ['enable_hashjoin', 'off'],
    ['enable_mergejoin', 'off'],
    ['max_parallel_workers_per_gather', '0'],
    ['jit', 'off'],
    ['plan_cache_mode', 'force_generic_plan'],
  ];
}

// How many distinct hits make a stage unnecessary (null: the stage always runs). The company trigram
// lookup runs only when nothing at all was found: a hit of the vocabularies holds, for every typed
// word, a word exactly one typo away, which is what a query with one typo names. Measured at 1M
// companies on the bench's 103 company typos: the trigram lookup then never ran, and the typed
// company's name came first as often as when it ran below SIMILAR_ONLY_BELOW hits (89 and 88 times).
const enoughFor = (stage: StageName, limit: number) => {
  if (stage === 'exact') return null;
  if (stage === 'similarTrigram') return 1;
  if (stage === 'similar') return SIMILAR_ONLY_BELOW;
  return stage === 'contains' || stage === 'switchedContains' ? CONTAINS_ONLY_BELOW : limit;
};
// The other keyboard layout, similar spellings and a whole number's last digits are looked for only
// when nothing matched as typed (no exact, prefix or whole-word hit): a query that names something as
// typed was neither typed in the wrong layout nor mistyped, nor a number stored in another form. Similar
// spellings are the slow tail (lookups in the word vocabularies, then a trigram lookup that rechecks
// thousands of names); the layout stages cost a planning each for what is nearly always nothing.
const strongEnoughFor = (stage: StageName) => (stage === 'exact' || stage === 'contains' ? null : MATCHED_AS_TYPED);

/**
 * One round trip: hf_search_run (see its migrations) applies the settings for this statement's
 * transaction and runs the stages in order, skipping a later stage once enough distinct hits are
 * in (or, for similar spellings, once anything matched as typed). Each stage is a parameterized
 * statement named by a hash of its text; the function prepares a name the first time its backend sees
 * it and then only executes it with this search's arguments (a literal list), as a generic plan
 * (plan_cache_mode below): a stage is planned once per backend and shape rather than on every search
 * (0.3-1.8 ms a stage at 1M companies). The texts are sent only when the backend asks for them (a
 * second round trip, once per backend and shape). The shapes are bounded: they differ only in which
 * branches a query has and how many words of 3+ letters it holds (MAX_FUZZY_WORDS).
 */
export async function searchClients(db: Kysely<DB>, options: SearchOptions): Promise<SearchRow[]> {
  const statements = searchStatements(options);
  if (statements.length === 0) return [];
  const compiled = statements.map(({ statement }) => statement.compile(db));
  const names = compiled.map((c) => statementName(c.sql, 'hf_search_'));
  const args = compiled.map(executeArguments);
  const enough = statements.map(({ stage }) => enoughFor(stage, options.limit));
  const strongEnough = statements.map(({ stage }) => strongEnoughFor(stage));
  const settings = searchSettings(options.plan);
  const run = async (texts: string[] | null) =>
    (
      await sql<{ row: SearchRow & { unprepared?: true } }>`
    select r as row from hf_search_run(${settings.map(([k]) => k)}::text[], ${settings.map(([, v]) => v)}::text[],
      ${names}::text[], ${texts}::text[], ${args}::text[], ${enough}::int[], ${strongEnough}::int[]) r`.execute(db)
    ).rows;
  let rows = await run(null);
  if (rows[0]?.row.unprepared) rows = await run(compiled.map((c) => c.sql));
  const best = new Map<string, SearchRow>();
  for (const { row } of rows) {
    const seen = best.get(key(row));
    if (!seen || row.tier < seen.tier || (row.tier === seen.tier && row.score > seen.score)) best.set(key(row), row);
  }
  return [...best.values()];
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
  const tail = (o.e164 ?? o.digits).slice(-4);
  const match = o.e164 ? sql`ct.phones @> array[${o.e164}]::text[]` : sql`exists (select 1 from unnest(ct.phones) p where p like ${'%' + o.digits})`;
  // The matches are a materialized CTE without a LIMIT, so the planner reads the phone indexes
  // rather than walking a whole table in id order to meet an ORDER BY ... LIMIT early.
  const { rows } = await sql<PhoneRow>`
    with m as materialized (
      select ct.id, ct.company_id, ct.name, ct.position from contacts ct
      where ct.phone_tails @> array[${tail}]::text[] and ${match} and ct.archived_at is null
    )
    select c.id as company_id, c.name as company_name, m.id as contact_id, m.name as contact_name, m.position,
      ${o.e164 ? sql`true` : sql`false`} as exact, e.id as owner_id, e.name as owner_name, e.status as owner_status
    from m
    join companies c on c.id = m.company_id
    left join employees e on e.id = c.owner_id
    where c.archived_at is null and ${lookupVisibleTo(o.actor, 'c.id')}
    order by c.id, m.id
    limit ${o.limit}`.execute(db);
  return rows;
}
