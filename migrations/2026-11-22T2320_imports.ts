import { type Kysely, sql } from 'kysely';

// Imports: uploaded files, import runs with their counts, the per-row report (bad rows and merges),
// external ids on products and activities so re-importing the same file updates instead of
// duplicating, and the name folding used to match clients, contacts and employees by name.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE products ADD COLUMN external_id text UNIQUE CHECK (length(external_id) <= 200);
    ALTER TABLE activities ADD COLUMN external_id text UNIQUE CHECK (length(external_id) <= 200);

    -- "ООО «Ромашка-Трейд»" and "Ромашка Трейд, ООО" are the same client. Letters are folded with an
    -- explicit table so the result does not depend on the server's locale (PGlite runs with C).
    CREATE FUNCTION hf_company_key(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT nullif(btrim(regexp_replace(regexp_replace(
        ' ' || regexp_replace(
          translate(lower(coalesce(t, '')), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'),
          '[^0-9a-zа-я]+', ' ', 'g') || ' ',
        ' (общество с ограниченной ответственностью|публичное акционерное общество|закрытое акционерное общество|открытое акционерное общество|непубличное акционерное общество|акционерное общество|индивидуальный предприниматель|ооо|оао|зао|пао|нао|ао|ип|llc|ltd|inc|gmbh)(?= )', ' ', 'g'),
        ' +', ' ', 'g')), '')
    $$;

    -- Imports match clients by this key; the index keeps that a lookup, not a scan of every client.
    CREATE INDEX companies_name_key_idx ON companies (hf_company_key(name));

    -- Case-insensitive comparison of names (employees, contacts, products) under any locale.
    CREATE FUNCTION hf_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT btrim(regexp_replace(translate(lower(t), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'), '[[:space:]]+', ' ', 'g'))
    $$;

    CREATE TABLE import_files (
      id uuid PRIMARY KEY,
      employee_id integer REFERENCES employees(id),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
      size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
      path text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE imports (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      file_id uuid REFERENCES import_files(id) ON DELETE SET NULL,
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
      type text NOT NULL CHECK (type IN ('companies','contacts','products','orders','activities')),
      format text NOT NULL CHECK (format IN ('csv','xlsx','commerceml')),
      dry_run boolean NOT NULL,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','succeeded','failed')),
      employee_id integer REFERENCES employees(id),
      options jsonb NOT NULL DEFAULT '{}',
      rows_total integer NOT NULL DEFAULT 0,
      rows_imported integer NOT NULL DEFAULT 0,
      rows_failed integer NOT NULL DEFAULT 0,
      counts jsonb NOT NULL DEFAULT '{}',
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX imports_started_idx ON imports (started_at DESC, id DESC);

    -- The report of one run: each bad row (kind error) and each record matched to an existing one
    -- by INN or name rather than by its external id (kind merge).
    CREATE TABLE import_issues (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      import_id integer NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('error','merge')),
      row_no integer NOT NULL,
      column_name text,
      value text,
      message text NOT NULL,
      record_id integer
    );
    CREATE INDEX import_issues_import_idx ON import_issues (import_id, kind, row_no, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE import_issues, imports, import_files;
    DROP INDEX companies_name_key_idx;
    DROP FUNCTION hf_company_key(text), hf_fold(text);
    ALTER TABLE activities DROP COLUMN external_id;
    ALTER TABLE products DROP COLUMN external_id;
  `.execute(db);
}
