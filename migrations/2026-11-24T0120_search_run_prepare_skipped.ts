import { type Kysely, sql } from 'kysely';

// hf_search_run (T0600) answers "unprepared" when any stage named in a call is new to its backend, and
// the caller calls again with the texts; but it prepared a stage only when the stage ran. A stage that
// is nearly always skipped (the company trigram lookup, which waits for the typo lookups to find
// nothing) was therefore never prepared, and every search of that shape paid the second call and sent
// its ~12 kB of texts: 0.4-0.6 ms more for a typical name or person search at 1M companies. Now a call
// that brings the texts prepares every stage new to its backend, run or skipped (a PREPARE only parses;
// the plan is made at the first EXECUTE), so each shape costs the second call once per backend.
const HIT_COUNTED = `RETURN NEXT r.j;
          k := (r.j ->> 'company_id') || ':' || coalesce(r.j ->> 'contact_id', '0');
          IF NOT k = ANY (found_keys) THEN
            found_keys := found_keys || k;
          END IF;
          IF (r.j ->> 'tier')::int <= 1 AND NOT k = ANY (strong_keys) THEN
            strong_keys := strong_keys || k;
          END IF;`;
const SKIP = `CONTINUE WHEN enough[i] IS NOT NULL AND cardinality(found_keys) >= enough[i];
        CONTINUE WHEN strong_enough[i] IS NOT NULL AND cardinality(strong_keys) >= strong_enough[i];`;
const PREPARE = `IF NOT names[i] = ANY (known) THEN
          IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = names[i]) THEN
            EXECUTE 'PREPARE ' || quote_ident(names[i]) || ' AS select to_jsonb(s) as j from (' || stages[i] || ') s';
          END IF;
          known := known || names[i];
          PERFORM set_config('hf.search_prepared', array_to_string(known, ' '), false);
        END IF;`;

// The same function both ways; only whether a stage is prepared before or after the test that skips it.
const searchRun = (prepareSkipped: boolean) =>
  sql.raw(`
    CREATE OR REPLACE FUNCTION hf_search_run(setting_names text[], setting_values text[], names text[], stages text[], args text[], enough integer[], strong_enough integer[])
    RETURNS SETOF jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      known text[] := string_to_array(coalesce(current_setting('hf.search_prepared', true), ''), ' ');
      found_keys text[] := '{}';
      strong_keys text[] := '{}';
      k text;
      r record;
    BEGIN
      IF stages IS NULL AND NOT names <@ known THEN
        RETURN NEXT jsonb_build_object('unprepared', true);
        RETURN;
      END IF;
      FOR i IN 1 .. coalesce(array_length(setting_names, 1), 0) LOOP
        PERFORM set_config(setting_names[i], setting_values[i], true);
      END LOOP;
      FOR i IN 1 .. coalesce(array_length(names, 1), 0) LOOP
        ${prepareSkipped ? `${PREPARE}\n        ${SKIP}` : `${SKIP}\n        ${PREPARE}`}
        FOR r IN EXECUTE 'EXECUTE ' || quote_ident(names[i]) || coalesce(args[i], '') LOOP
          ${HIT_COUNTED}
        END LOOP;
      END LOOP;
    END
    $$;
  `);

export async function up(db: Kysely<unknown>): Promise<void> {
  await searchRun(true).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await searchRun(false).execute(db);
}
