import { type Kysely, sql } from 'kysely';

// Since T0300 the typo lookup reads the vocabularies by their keys and their words' ids; nothing reads
// them through the trigram index (T0500, T0100) or the length index (T0110) any more. Both were updated
// for every new word (a GIN index without fast update: one posting-list insert per trigram), so they go.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX search_company_words_trgm_idx, search_contact_words_trgm_idx, search_company_words_length_idx, search_contact_words_length_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX search_company_words_trgm_idx ON search_company_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);
    CREATE INDEX search_contact_words_trgm_idx ON search_contact_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);
    CREATE INDEX search_company_words_length_idx ON search_company_words (length(word));
    CREATE INDEX search_contact_words_length_idx ON search_contact_words (length(word));
  `.execute(db);
}
