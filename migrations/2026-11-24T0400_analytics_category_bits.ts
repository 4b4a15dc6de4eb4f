import { type Kysely, sql } from 'kysely';

// The rollup kept the categories a client bought in a month as an int[] of category ids, built in a
// full rebuild by joining every row to the distinct combinations of the pass's category masks, and read
// back by the snapshot with unnest and three count(DISTINCT) sorts per client. It now keeps the masks
// themselves: bit (id % 64) of word (id / 64) is category id, so a bit never moves as categories are
// added (the pass's masks were by position among the current categories). A full rebuild writes the
// pass's words as they are, and the snapshot ORs a client's words and counts the bits.
// hf_category_ids turns the words back into ids, for reading the table by hand and for tests.
// The read models are derived: they are emptied here and the next read rebuilds them.
const forget = sql`
  TRUNCATE analytics_company_months, analytics_client_series, analytics_class_history, analytics_clients, analytics_employees;
  UPDATE analytics_state SET orders_watermark = NULL, team_watermark = NULL, activities_watermark = NULL,
    employees_watermark = NULL, rollup_refreshed_at = NULL, history_computed_at = NULL, history_through = NULL,
    clients_as_of = NULL, clients_computed_at = NULL;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ${forget}
    ALTER TABLE analytics_company_months DROP COLUMN categories, ADD COLUMN category_bits bigint[] NOT NULL;
    CREATE FUNCTION hf_category_ids(bits bigint[]) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(((w.k - 1) * 64 + b)::integer ORDER BY w.k, b), '{}')
      FROM unnest(bits) WITH ORDINALITY AS w (word, k), generate_series(0, 63) AS b
      WHERE (w.word >> b) & 1 = 1
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ${forget}
    DROP FUNCTION hf_category_ids(bigint[]);
    ALTER TABLE analytics_company_months DROP COLUMN category_bits, ADD COLUMN categories integer[] NOT NULL;
  `.execute(db);
}
