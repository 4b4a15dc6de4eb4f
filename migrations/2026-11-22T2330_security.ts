import { type Kysely, sql } from 'kysely';

// Access policies per role (which clients, which contact fields in clear, reveal and export limits),
// the tamper-evident audit trail (each entry carries the hash of the previous one) and the reveal log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE role_policies (
      role text PRIMARY KEY CHECK (role IN ('director','head_of_sales','account_manager','key_account_manager','hunter','call_centre','customer_service','admin')),
      client_scope text NOT NULL CHECK (client_scope IN ('own','team','all')),
      mask_phones boolean NOT NULL,
      mask_emails boolean NOT NULL,
      reveal_daily_limit integer NOT NULL CHECK (reveal_daily_limit BETWEEN 0 AND 10000),
      export_allowed boolean NOT NULL,
      -- NULL: no limit / no approval needed
      export_row_limit integer CHECK (export_row_limit >= 0),
      export_approval_above integer CHECK (export_approval_above >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by integer REFERENCES employees(id)
    );

    -- Domain defaults: management sees all in clear; account managers, key-account managers, hunters and
    -- customer service see their own clients with masked contacts; the call centre sees every client masked.
    INSERT INTO role_policies (role, client_scope, mask_phones, mask_emails, reveal_daily_limit, export_allowed, export_row_limit, export_approval_above) VALUES
      ('director',            'all', false, false, 100, true,  NULL, NULL),
      ('head_of_sales',       'all', false, false, 100, true,  NULL, 1000),
      ('admin',               'all', false, false, 100, true,  NULL, 1000),
      ('account_manager',     'own', true,  true,  10,  true,  500,  100),
      ('key_account_manager', 'own', true,  true,  10,  true,  500,  100),
      ('hunter',              'own', true,  true,  10,  true,  500,  100),
      ('customer_service',    'own', true,  true,  20,  true,  500,  100),
      ('call_centre',         'all', true,  true,  20,  false, 0,    NULL);

    -- Append-only by convention; the hash chain is the evidence when someone edits or deletes rows anyway.
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id integer,
      action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
      company_id integer,
      entity text CHECK (length(entity) <= 100),
      entity_id text CHECK (length(entity_id) <= 200),
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    );
    CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
    CREATE INDEX audit_log_action_idx ON audit_log (action, id);
    CREATE INDEX audit_log_company_idx ON audit_log (company_id, id) WHERE company_id IS NOT NULL;
    CREATE INDEX audit_log_at_idx ON audit_log (at, id);

    CREATE TABLE reveals (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      employee_id integer NOT NULL REFERENCES employees(id),
      contact_id integer NOT NULL REFERENCES contacts(id),
      field text NOT NULL CHECK (field IN ('phones','emails')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX reveals_employee_at_idx ON reveals (employee_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE reveals;
    DROP TABLE audit_log;
    DROP TABLE role_policies;
  `.execute(db);
}
