import { type Kysely, sql } from 'kysely';

// Similar spellings of a company name were a word-similarity lookup over the trigram index of every
// company: at 1M companies a brand's common trigrams ("плю", "рал") have long posting lists, 8-14 ms a
// typo, most of search's slow 5%. As for contacts (T0500), the typo is now looked up among the distinct
// words of company names first, and the companies are then found by whole words (search.repository.ts).
// This table is that vocabulary: every word of 3+ letters of a company's search column, which is folded
// from both its name and its legal name. Like the contact words it only grows; the database keeps it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE search_company_words (word text PRIMARY KEY);
    CREATE INDEX search_company_words_trgm_idx ON search_company_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

    CREATE FUNCTION hf_search_company_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_company_words (word)
      SELECT DISTINCT w FROM new_rows, unnest(string_to_array(new_rows.search_text, ' ')) AS w WHERE length(w) >= 3
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $$;
    -- Per statement, so a COPY of a million companies adds its words in one set-based insert.
    CREATE TRIGGER companies_search_words_insert AFTER INSERT ON companies
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hf_search_company_words_add();

    -- The search column is generated from the name and the legal name, so a change of either may bring
    -- new words; other updates (owner, status, archiving) leave it as it was and add nothing.
    CREATE FUNCTION hf_search_company_words_rename() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_company_words (word)
      SELECT DISTINCT w FROM unnest(string_to_array(NEW.search_text, ' ')) AS w WHERE length(w) >= 3
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER companies_search_words_rename AFTER UPDATE OF name, legal_name ON companies
      FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) EXECUTE FUNCTION hf_search_company_words_rename();

    INSERT INTO search_company_words (word)
    SELECT DISTINCT w FROM companies, unnest(string_to_array(companies.search_text, ' ')) AS w WHERE length(w) >= 3;
    ANALYZE search_company_words;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER companies_search_words_rename ON companies;
    DROP TRIGGER companies_search_words_insert ON companies;
    DROP FUNCTION hf_search_company_words_rename();
    DROP FUNCTION hf_search_company_words_add();
    DROP TABLE search_company_words;
  `.execute(db);
}
