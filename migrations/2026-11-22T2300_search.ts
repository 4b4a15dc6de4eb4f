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
    ALTER TABLE companies ADD COLUMN search_text text NOT NULL
      GENERATED ALWAYS AS (
        CASE WHEN legal_name IS NULL OR hf_search_fold(legal_name) = hf_search_fold(name) THEN hf_search_fold(name)
             ELSE hf_search_fold(name) || ' ' || hf_search_fold(legal_name) END
      ) STORED;
    CREATE INDEX companies_search_trgm_idx ON companies USING gin (search_text gin_trgm_ops);
    CREATE INDEX companies_search_words_idx ON companies USING gin (string_to_array(search_text, ' '));
    CREATE INDEX companies_search_prefix_idx ON companies (search_text COLLATE "C");
    CREATE INDEX companies_inn_prefix_idx ON companies (inn COLLATE "C") WHERE inn IS NOT NULL;

    ALTER TABLE contacts ADD COLUMN search_text text NOT NULL GENERATED ALWAYS AS (hf_search_fold(name)) STORED;
    ALTER TABLE contacts ADD COLUMN email_text text NOT NULL GENERATED ALWAYS AS (hf_email_text(emails)) STORED;
    ALTER TABLE contacts ADD COLUMN phone_tails text[] NOT NULL GENERATED ALWAYS AS (hf_phone_tails(phones)) STORED;
    CREATE INDEX contacts_search_trgm_idx ON contacts USING gin (search_text gin_trgm_ops);
    -- Whole words, any order: "сергей иванов" intersects two short posting lists instead of a dozen
    -- trigram lists that every Сергеевич and Иванова share.
    CREATE INDEX contacts_search_words_idx ON contacts USING gin (string_to_array(search_text, ' '));
    CREATE INDEX contacts_search_prefix_idx ON contacts (search_text COLLATE "C");
    CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (email_text gin_trgm_ops);
    CREATE INDEX contacts_email_words_idx ON contacts USING gin (string_to_array(email_text, ' '));
    CREATE INDEX contacts_phone_tails_idx ON contacts USING gin (phone_tails);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX contacts_phone_tails_idx, contacts_email_words_idx, contacts_email_trgm_idx, contacts_search_prefix_idx, contacts_search_words_idx, contacts_search_trgm_idx,
      companies_inn_prefix_idx, companies_search_prefix_idx, companies_search_words_idx, companies_search_trgm_idx;
    ALTER TABLE contacts DROP COLUMN phone_tails, DROP COLUMN email_text, DROP COLUMN search_text;
    ALTER TABLE companies DROP COLUMN search_text;
    DROP FUNCTION hf_phone_tails(text[]), hf_email_text(text[]), hf_search_fold(text);
  `.execute(db);
}
