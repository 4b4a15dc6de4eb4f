import { type Kysely, sql } from 'kysely';

// hf_search_run learns a second gate: a stage can also be skipped once the query has matched some name
// as typed (a hit of tier 0 or 1: exact, prefix or whole words). The similar-spellings stage uses it: a
// query that exists as typed is not a typo, and that stage is the slow tail of search (a trigram lookup
// that rechecks thousands of rows). strong_enough[i]: how many such hits skip stage i (null: no gate).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION hf_search_run(text[], text[], text[], integer[]);
    CREATE FUNCTION hf_search_run(setting_names text[], setting_values text[], stages text[], enough integer[], strong_enough integer[])
    RETURNS SETOF jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      found_keys text[] := '{}';
      strong_keys text[] := '{}';
      k text;
      r record;
    BEGIN
      FOR i IN 1 .. coalesce(array_length(setting_names, 1), 0) LOOP
        PERFORM set_config(setting_names[i], setting_values[i], true);
      END LOOP;
      FOR i IN 1 .. coalesce(array_length(stages, 1), 0) LOOP
        CONTINUE WHEN enough[i] IS NOT NULL AND cardinality(found_keys) >= enough[i];
        CONTINUE WHEN strong_enough[i] IS NOT NULL AND cardinality(strong_keys) >= strong_enough[i];
        FOR r IN EXECUTE 'select to_jsonb(s) as j from (' || stages[i] || ') s' LOOP
          RETURN NEXT r.j;
          k := (r.j ->> 'company_id') || ':' || coalesce(r.j ->> 'contact_id', '0');
          IF NOT k = ANY (found_keys) THEN
            found_keys := found_keys || k;
          END IF;
          IF (r.j ->> 'tier')::int <= 1 AND NOT k = ANY (strong_keys) THEN
            strong_keys := strong_keys || k;
          END IF;
        END LOOP;
      END LOOP;
    END
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION hf_search_run(text[], text[], text[], integer[], integer[])`.execute(db);
}
