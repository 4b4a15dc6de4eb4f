import { type Kysely, sql } from 'kysely';

// Universal search: folded search columns kept by the database itself (generated columns, so no
// writer can forget them), trigram indexes for fragments and typos, and phone tails for last-4 lookups.
// The folding is written with explicit letter tables so it does not depend on the server's locale
// (PGlite runs with collation C, the server with C.UTF-8).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    -- lower case, ё -> е, punctuation to spaces, Russian legal forms dropped: "ООО «Промторг»" -> "промторг".
    -- src/domain/keyboard-layout.ts folds queries the same way.
    CREATE FUNCTION hf_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT btrim(regexp_replace(regexp_replace(
        ' ' || regexp_replace(
          translate(lower(coalesce(t, '')), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'),
          '[^0-9a-zа-я]+', ' ', 'g') || ' ',
        ' (общество с ограниченной ответственностью|публичное акционерное общество|закрытое акционерное общество|открытое акционерное общество|непубличное акционерное общество|акционерное общество|индивидуальный предприниматель|ооо|оао|зао|пао|нао|ао|ип|llc|ltd|inc)(?= )', '', 'g'),
        ' +', ' ', 'g'))
    $$;

    CREATE FUNCTION hf_email_text(emails text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT lower(array_to_string(emails, ' '))
    $$;

    -- The last four digits of every phone: an exact-match key for "the caller's number ends in 6789".
    CREATE FUNCTION hf_phone_tails(phones text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT right(regexp_replace(p, '[^0-9]', '', 'g'), 4)), '{}')
      FROM unnest(phones) AS p
      WHERE length(regexp_replace(p, '[^0-9]', '', 'g')) >= 4
    $$;

    -- Prefix indexes in byte order (collation C) serve both LIKE 'x%' and ORDER BY ... COLLATE "C",
    -- so "first 20 names starting with x" reads 20 index entries, however common x is.
    -- The words of a folded name, plus each word's initial as "x*": "романова л а" is then one
    -- index lookup for {романова, л*, а*}, whatever the order of the words.
    CREATE FUNCTION hf_search_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT x), '{}') FROM (
        SELECT w AS x FROM unnest(string_to_array(t, ' ')) AS w WHERE w <> ''
        UNION ALL
        SELECT left(w, 1) || '*' FROM unnest(string_to_array(t, ' ')) AS w WHERE w <> ''
      ) AS s
    $$;

    ALTER TABLE companies ADD COLUMN search_text text NOT NULL
      GENERATED ALWAYS AS (
        CASE WHEN legal_name IS NULL OR hf_search_fold(legal_name) = hf_search_fold(name) THEN hf_search_fold(name)
             ELSE hf_search_fold(name) || ' ' || hf_search_fold(legal_name) END
      ) STORED;
    -- GIN indexes without a pending list: PGlite has no autovacuum to merge one, and every search
    -- would scan it end to end (up to 4 MB); inserts pay a little more instead.
    CREATE INDEX companies_search_trgm_idx ON companies USING gin (search_text gin_trgm_ops) WITH (fastupdate = off);
    CREATE INDEX companies_search_words_idx ON companies USING gin (hf_search_words(search_text)) WITH (fastupdate = off);
    CREATE INDEX companies_search_prefix_idx ON companies (search_text COLLATE "C");
    CREATE INDEX companies_inn_prefix_idx ON companies (inn COLLATE "C") WHERE inn IS NOT NULL;

    ALTER TABLE contacts ADD COLUMN search_text text NOT NULL GENERATED ALWAYS AS (hf_search_fold(name)) STORED;
    ALTER TABLE contacts ADD COLUMN email_text text NOT NULL GENERATED ALWAYS AS (hf_email_text(emails)) STORED;
    ALTER TABLE contacts ADD COLUMN phone_tails text[] NOT NULL GENERATED ALWAYS AS (hf_phone_tails(phones)) STORED;
    CREATE INDEX contacts_search_trgm_idx ON contacts USING gin (search_text gin_trgm_ops) WITH (fastupdate = off);
    -- Whole words, any order: "сергей иванов" intersects two short posting lists instead of a dozen
    -- trigram lists that every Сергеевич and Иванова share.
    CREATE INDEX contacts_search_words_idx ON contacts USING gin (hf_search_words(search_text)) WITH (fastupdate = off);
    CREATE INDEX contacts_search_prefix_idx ON contacts (search_text COLLATE "C");
    CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (email_text gin_trgm_ops) WITH (fastupdate = off);
    CREATE INDEX contacts_email_words_idx ON contacts USING gin (string_to_array(email_text, ' ')) WITH (fastupdate = off);
    CREATE INDEX contacts_phone_tails_idx ON contacts USING gin (phone_tails) WITH (fastupdate = off);
    ALTER INDEX contacts_phones_idx SET (fastupdate = off);

    -- Fewer statistics on the searched text: estimating a trigram condition runs it against every
    -- histogram entry, which made planning a search cost more than running it. Search plans are
    -- pinned to index lookups anyway (see search.repository.ts).
    ALTER TABLE companies ALTER COLUMN search_text SET STATISTICS 10;
    ALTER TABLE contacts ALTER COLUMN search_text SET STATISTICS 10;
    ALTER TABLE contacts ALTER COLUMN email_text SET STATISTICS 10;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX contacts_phone_tails_idx, contacts_email_words_idx, contacts_email_trgm_idx, contacts_search_prefix_idx, contacts_search_words_idx, contacts_search_trgm_idx,
      companies_inn_prefix_idx, companies_search_prefix_idx, companies_search_words_idx, companies_search_trgm_idx;
    ALTER INDEX contacts_phones_idx RESET (fastupdate);
    ALTER TABLE contacts DROP COLUMN phone_tails, DROP COLUMN email_text, DROP COLUMN search_text;
    ALTER TABLE companies DROP COLUMN search_text;
    DROP FUNCTION hf_phone_tails(text[]), hf_email_text(text[]), hf_search_words(text), hf_search_fold(text);
  `.execute(db);
}
