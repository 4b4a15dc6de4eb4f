import { type Kysely, sql } from 'kysely';

// A search in one round trip: the caller sends its settings and its stage statements (search.repository.ts);
// the function applies the settings for this transaction, runs the stages in order and skips a later stage
// once the distinct hits found so far reach that stage's threshold (enough[i]; null: always run), exactly as
// the caller used to between round trips. A stage that does not run is not planned. Each row is the stage's
// row as jsonb.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION hf_search_run(setting_names text[], setting_values text[], stages text[], enough integer[])
    RETURNS SETOF jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      found_keys text[] := '{}';
      k text;
      r record;
    BEGIN
      FOR i IN 1 .. coalesce(array_length(setting_names, 1), 0) LOOP
        PERFORM set_config(setting_names[i], setting_values[i], true);
      END LOOP;
      FOR i IN 1 .. coalesce(array_length(stages, 1), 0) LOOP
        CONTINUE WHEN enough[i] IS NOT NULL AND cardinality(found_keys) >= enough[i];
        FOR r IN EXECUTE 'select to_jsonb(s) as j from (' || stages[i] || ') s' LOOP
          RETURN NEXT r.j;
          k := (r.j ->> 'company_id') || ':' || coalesce(r.j ->> 'contact_id', '0');
          IF NOT k = ANY (found_keys) THEN
            found_keys := found_keys || k;
          END IF;
        END LOOP;
      END LOOP;
    END
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION hf_search_run(text[], text[], text[], integer[])`.execute(db);
}
