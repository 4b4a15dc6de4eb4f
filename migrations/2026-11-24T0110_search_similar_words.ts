import { type Kysely, sql } from 'kysely';

// The typo lookup in a word vocabulary (T0500, T0100) was a trigram lookup at one threshold for all the
// words of a search, set for the transaction: the lowest any typed word needs (0.15 for a word of four
// letters). The company vocabulary holds 146k words at 1M companies, mostly brands glued from common
// parts ("маркет", "групп"), so at that threshold a word's trigrams matched thousands of words to
// recheck: 40 ms a typo query on average, slower than the trigram lookup over the companies it was to
// replace. This function looks up one word with its own threshold (pg_trgm reads it from a setting,
// scoped here to the function's call), and only among words one letter longer or shorter, since one
// typo changes the length by one at most (an index on the length, combined with the trigram index);
// a word found as typed is answered at once. Per search: 4.7 ms instead of 40 for the company words.
// The statements are planned on every call with the word's values (EXECUTE ... USING), so the planner
// sees how common its trigrams and its length are. Trigram similarity alone also ranked words two or
// three edits away above the one a typo came from ("бетаамш": "бетаагро" 0.42, "бетамаш" 0.33), and
// brands share long parts, so only words exactly one typo away are kept (hf_search_one_typo).
// (T0300 replaced it with a lookup by keys; its down puts this one back.)
export const SIMILAR_WORDS_BY_TRIGRAMS = `FUNCTION hf_search_similar_words(vocabulary regclass, w text, threshold float8, n integer) RETURNS text[]
    LANGUAGE plpgsql SET pg_trgm.similarity_threshold = 0.3 AS $$
    DECLARE
      found text[];
    BEGIN
      EXECUTE format('SELECT array[word] FROM %s WHERE word = $1', vocabulary) INTO found USING w;
      IF found IS NOT NULL THEN
        RETURN found;
      END IF;
      PERFORM set_config('pg_trgm.similarity_threshold', threshold::text, true);
      EXECUTE format('SELECT coalesce(array_agg(word), ''{}'') FROM (SELECT word FROM %s
          WHERE word %% $1 AND length(word) BETWEEN length($1) - 1 AND length($1) + 1 AND similarity(word, $1) >= $2 AND hf_search_one_typo(word, $1)
          ORDER BY similarity(word, $1) DESC, word LIMIT $3) s', vocabulary)
        INTO found USING w, threshold, n;
      RETURN found;
    END
    $$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX search_company_words_length_idx ON search_company_words (length(word));
    CREATE INDEX search_contact_words_length_idx ON search_contact_words (length(word));

    -- One letter replaced, added or dropped, or two neighbours swapped (Damerau-Levenshtein distance 1 or
    -- 0): what is left of both words between their common start and common end.
    CREATE FUNCTION hf_search_one_typo(a text, b text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      i integer := 1;
      ea integer := length(a);
      eb integer := length(b);
    BEGIN
      IF abs(ea - eb) > 1 THEN
        RETURN false;
      END IF;
      WHILE i <= least(ea, eb) AND substr(a, i, 1) = substr(b, i, 1) LOOP
        i := i + 1;
      END LOOP;
      WHILE ea >= i AND eb >= i AND substr(a, ea, 1) = substr(b, eb, 1) LOOP
        ea := ea - 1;
        eb := eb - 1;
      END LOOP;
      RETURN (ea <= i AND eb <= i)
        OR (ea = i + 1 AND eb = i + 1 AND substr(a, i, 1) = substr(b, eb, 1) AND substr(a, ea, 1) = substr(b, i, 1));
    END
    $$;

    CREATE ${sql.raw(SIMILAR_WORDS_BY_TRIGRAMS)}
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION hf_search_similar_words(regclass, text, float8, integer);
    DROP FUNCTION hf_search_one_typo(text, text);
    DROP INDEX search_contact_words_length_idx, search_company_words_length_idx;
  `.execute(db);
}
