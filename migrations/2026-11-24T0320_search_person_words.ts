import { type Kysely, sql } from 'kysely';

// "Степанов С. А." looks up {степанов, с*, а*} in the words index of 3M contacts: the surname's posting
// list is ~30k contacts and each initial's hundreds of thousands, so the slowest 5% of the bench's
// searches were surname-and-initials queries (10-17 ms one at a time). A contact's words now also hold
// each pair of a word and an initial, "степанов*с" (a folded word never holds "*"): a name has the
// pair exactly when it has the word and some word starting with the letter, as the two separate keys
// said, and the pairs' posting lists are short. Contacts only: a company name folded from its name and
// legal name has too many words for pairs, and people's initials are typed for people.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- hf_search_words' words and initials, and the pairs; builtins only, since index builds run with a
    -- search_path that does not see this schema's functions (PostgreSQL 17)
    CREATE FUNCTION hf_search_person_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT x), '{}') FROM (
        SELECT w AS x FROM unnest(string_to_array(t, ' ')) AS w WHERE w <> ''
        UNION ALL
        SELECT left(w, 1) || '*' FROM unnest(string_to_array(t, ' ')) AS w WHERE w <> ''
        UNION ALL
        SELECT w || '*' || left(v, 1) FROM unnest(string_to_array(t, ' ')) AS w, unnest(string_to_array(t, ' ')) AS v
        WHERE length(w) > 1 AND v <> ''
      ) AS s
    $$;
    CREATE INDEX contacts_search_person_words_idx ON contacts USING gin (hf_search_person_words(search_text)) WITH (fastupdate = off);
    DROP INDEX contacts_search_words_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX contacts_search_words_idx ON contacts USING gin (hf_search_words(search_text)) WITH (fastupdate = off);
    DROP INDEX contacts_search_person_words_idx;
    DROP FUNCTION hf_search_person_words(text);
  `.execute(db);
}
