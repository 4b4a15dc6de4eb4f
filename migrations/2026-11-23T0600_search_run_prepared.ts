import { type Kysely, sql } from 'kysely';

// hf_search_run stops planning its stages on every call. Each stage now arrives as a parameterized
// statement with a name (a hash of its text) and its arguments as one literal list; the function
// prepares a name the first time its backend sees it and afterwards only executes it, so with
// plan_cache_mode = force_generic_plan among the settings the plan is made once per backend and shape.
// Planning was 0.3-1.8 ms per stage statement at 1M companies, more than most stages take to run.
//
// The texts (~12 kB for a five-stage search) travel only when needed: called without them (stages
// NULL), the function answers one row {"unprepared": true} if any named stage is new to its backend,
// and the caller calls again with the texts. The names a backend has prepared are kept in the
// session setting hf.search_prepared (reading pg_prepared_statements copies every statement's text);
// a name missing there is still looked up in pg_prepared_statements before it is prepared, so a
// rolled-back setting does not prepare twice. to_jsonb is part of the prepared statement (an EXECUTE
// cannot be wrapped in a subquery).
// Each row a stage returns is passed on and counted as a distinct hit (and a strong one, tier 0 or 1),
// which decides whether the later stages run; the same in this version and the one before.
const HIT_COUNTED = sql.raw(`RETURN NEXT r.j;
          k := (r.j ->> 'company_id') || ':' || coalesce(r.j ->> 'contact_id', '0');
          IF NOT k = ANY (found_keys) THEN
            found_keys := found_keys || k;
          END IF;
          IF (r.j ->> 'tier')::int <= 1 AND NOT k = ANY (strong_keys) THEN
            strong_keys := strong_keys || k;
          END IF;`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION hf_search_run(text[], text[], text[], integer[], integer[]);
    CREATE FUNCTION hf_search_run(setting_names text[], setting_values text[], names text[], stages text[], args text[], enough integer[], strong_enough integer[])
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
        CONTINUE WHEN enough[i] IS NOT NULL AND cardinality(found_keys) >= enough[i];
        CONTINUE WHEN strong_enough[i] IS NOT NULL AND cardinality(strong_keys) >= strong_enough[i];
        IF NOT names[i] = ANY (known) THEN
          IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = names[i]) THEN
            EXECUTE 'PREPARE ' || quote_ident(names[i]) || ' AS select to_jsonb(s) as j from (' || stages[i] || ') s';
          END IF;
          known := known || names[i];
          PERFORM set_config('hf.search_prepared', array_to_string(known, ' '), false);
        END IF;
        FOR r IN EXECUTE 'EXECUTE ' || quote_ident(names[i]) || coalesce(args[i], '') LOOP
          ${HIT_COUNTED}
        END LOOP;
      END LOOP;
    END
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION hf_search_run(text[], text[], text[], text[], text[], integer[], integer[]);
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
          ${HIT_COUNTED}
        END LOOP;
      END LOOP;
    END
    $$;
  `.execute(db);
}
