import { type Kysely, sql } from 'kysely';
import { SIMILAR_WORDS_BY_TRIGRAMS } from './2026-11-24T0110_search_similar_words.js';

// hf_search_similar_words (T0110) found the words one typo away from a typed word through the trigram
// index of the vocabulary. At 1M companies the vocabulary holds 146k words glued from common parts, so
// a word's trigrams have long posting lists: 18 ms a word on average for 600 typos sampled from it
// (2026-11-23), most of the slowest searches. Words one typo apart share a key: the word itself or the
// word with one letter dropped (a replaced letter: both drop it; an added or dropped one: one of them is
// the other's key; two neighbours swapped: both drop the same letter of the pair). So every vocabulary
// word is stored under each of its keys, and a typed word's keys are a handful of exact lookups: 0.1 ms
// a word for the same 600, with the same results (the same checks, similarity threshold and order run
// on the candidates). Keys are stored as 32 bits of their md5 (a stable function, unlike hashtext across
// PostgreSQL versions) beside the word's id, about 55 bytes a key instead of 170 for the texts; a
// collision only adds a candidate that the one-typo check then drops. 2.2M keys for the 146k words.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION hf_search_word_key(k text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT ('x' || left(md5(k), 8))::bit(32)::integer $$;

    -- the word and the word with each one of its letters dropped
    CREATE FUNCTION hf_search_word_keys(w text) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_agg(DISTINCT hf_search_word_key(k))
      FROM (SELECT w AS k UNION ALL SELECT overlay(w placing '' from i for 1) FROM generate_series(1, length(w)) AS i) s
    $$;

    ALTER TABLE search_company_words ADD COLUMN id integer GENERATED ALWAYS AS IDENTITY;
    ALTER TABLE search_company_words ADD CONSTRAINT search_company_words_id_key UNIQUE (id);
    ALTER TABLE search_contact_words ADD COLUMN id integer GENERATED ALWAYS AS IDENTITY;
    ALTER TABLE search_contact_words ADD CONSTRAINT search_contact_words_id_key UNIQUE (id);

    CREATE TABLE search_company_word_keys (key integer NOT NULL, word_id integer NOT NULL);
    INSERT INTO search_company_word_keys (key, word_id)
    SELECT DISTINCT k, v.id FROM search_company_words v, unnest(hf_search_word_keys(v.word)) AS k;
    ALTER TABLE search_company_word_keys ADD PRIMARY KEY (key, word_id);
    ANALYZE search_company_word_keys;

    CREATE TABLE search_contact_word_keys (key integer NOT NULL, word_id integer NOT NULL);
    INSERT INTO search_contact_word_keys (key, word_id)
    SELECT DISTINCT k, v.id FROM search_contact_words v, unnest(hf_search_word_keys(v.word)) AS k;
    ALTER TABLE search_contact_word_keys ADD PRIMARY KEY (key, word_id);
    ANALYZE search_contact_word_keys;

    -- the vocabularies only grow (T0500, T0100); their new words bring their keys (the keys table is the argument)
    CREATE FUNCTION hf_search_word_keys_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('INSERT INTO %I (key, word_id) SELECT DISTINCT k, n.id FROM new_words n, unnest(hf_search_word_keys(n.word)) AS k
                      ON CONFLICT DO NOTHING', TG_ARGV[0]);
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER search_company_words_keys AFTER INSERT ON search_company_words REFERENCING NEW TABLE AS new_words
      FOR EACH STATEMENT EXECUTE FUNCTION hf_search_word_keys_add('search_company_word_keys');
    CREATE TRIGGER search_contact_words_keys AFTER INSERT ON search_contact_words REFERENCING NEW TABLE AS new_words
      FOR EACH STATEMENT EXECUTE FUNCTION hf_search_word_keys_add('search_contact_word_keys');

    -- The same answer as before (a word found as typed, else up to n words exactly one typo away with
    -- trigram similarity at least threshold, closest first), from the keys. Static statements, planned
    -- once per connection, where the trigram lookup was planned on every call (0.3-0.9 ms).
    CREATE OR REPLACE FUNCTION hf_search_similar_words(vocabulary regclass, w text, threshold float8, n integer) RETURNS text[]
    LANGUAGE plpgsql AS $$
    DECLARE
      found text[];
      candidates text[];
    BEGIN
      IF vocabulary = 'search_company_words'::regclass THEN
        SELECT array[word] INTO found FROM search_company_words WHERE word = w;
        IF found IS NULL THEN
          SELECT array_agg(v.word) INTO candidates FROM search_company_words v
          WHERE v.id IN (SELECT k.word_id FROM search_company_word_keys k WHERE k.key = ANY (hf_search_word_keys(w)));
        END IF;
      ELSIF vocabulary = 'search_contact_words'::regclass THEN
        SELECT array[word] INTO found FROM search_contact_words WHERE word = w;
        IF found IS NULL THEN
          SELECT array_agg(v.word) INTO candidates FROM search_contact_words v
          WHERE v.id IN (SELECT k.word_id FROM search_contact_word_keys k WHERE k.key = ANY (hf_search_word_keys(w)));
        END IF;
      ELSE
        RAISE EXCEPTION 'hf_search_similar_words: no keys for vocabulary %', vocabulary;
      END IF;
      IF found IS NOT NULL THEN
        RETURN found;
      END IF;
      SELECT coalesce(array_agg(c), '{}') INTO found FROM (
        SELECT c FROM unnest(candidates) AS c
        WHERE length(c) BETWEEN length(w) - 1 AND length(w) + 1 AND hf_search_one_typo(c, w) AND similarity(c, w) >= threshold
        ORDER BY similarity(c, w) DESC, c LIMIT n) s;
      RETURN found;
    END
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE OR REPLACE ${sql.raw(SIMILAR_WORDS_BY_TRIGRAMS)}`.execute(db);
  await sql`
    DROP TRIGGER search_contact_words_keys ON search_contact_words;
    DROP TRIGGER search_company_words_keys ON search_company_words;
    DROP FUNCTION hf_search_word_keys_add();
    DROP TABLE search_contact_word_keys, search_company_word_keys;
    ALTER TABLE search_contact_words DROP COLUMN id;
    ALTER TABLE search_company_words DROP COLUMN id;
    DROP FUNCTION hf_search_word_keys(text);
    DROP FUNCTION hf_search_word_key(text);
  `.execute(db);
}
