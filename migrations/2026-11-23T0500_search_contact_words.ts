import { type Kysely, sql } from 'kysely';

// Similar spellings of a contact's name were a trigram lookup over every contact: at 3M contacts the
// index hands back 100k+ candidate rows for a ten-letter surname (common trigrams like "ова"), 30-260 ms,
// the slow tail of search. Contact names are made of far fewer distinct words than there are contacts
// (surnames, first names, patronymics), so the typo is looked up among those words first, and the
// contacts are then found by their whole words (search.repository.ts). This table is that vocabulary:
// every word of 3+ letters of a contact's folded name. It only grows (a word nobody bears any longer
// finds no contact, which costs nothing); the database keeps it, so no writer can forget it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE search_contact_words (word text PRIMARY KEY);
    CREATE INDEX search_contact_words_trgm_idx ON search_contact_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

    CREATE FUNCTION hf_search_contact_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_contact_words (word)
      SELECT DISTINCT w FROM new_rows, unnest(string_to_array(new_rows.search_text, ' ')) AS w WHERE length(w) >= 3
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $$;
    -- Per statement, so a COPY of a million contacts adds its words in one set-based insert.
    CREATE TRIGGER contacts_search_words_insert AFTER INSERT ON contacts
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hf_search_contact_words_add();

    -- A rename is rare and row by row; other updates (owners, phones, archiving) do not touch the words.
    CREATE FUNCTION hf_search_contact_words_rename() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_contact_words (word)
      SELECT DISTINCT w FROM unnest(string_to_array(NEW.search_text, ' ')) AS w WHERE length(w) >= 3
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER contacts_search_words_rename AFTER UPDATE OF name ON contacts
      FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION hf_search_contact_words_rename();

    INSERT INTO search_contact_words (word)
    SELECT DISTINCT w FROM contacts, unnest(string_to_array(contacts.search_text, ' ')) AS w WHERE length(w) >= 3;
    ANALYZE search_contact_words;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER contacts_search_words_rename ON contacts;
    DROP TRIGGER contacts_search_words_insert ON contacts;
    DROP FUNCTION hf_search_contact_words_rename();
    DROP FUNCTION hf_search_contact_words_add();
    DROP TABLE search_contact_words;
  `.execute(db);
}
