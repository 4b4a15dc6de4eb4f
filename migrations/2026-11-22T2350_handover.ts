import { type Kysely, sql } from 'kysely';

// Handover of a departing or absent employee's clients, deals, tasks, orders and team seats to named
// successors: the plan (one row per item, with its reason), the client messages it drafts, the
// mailbox forwards it records, hunters' credit shares, and the configurable drafting rules.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE handover_settings (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      min_tenure_months integer NOT NULL DEFAULT 6 CHECK (min_tenure_months BETWEEN 0 AND 600),
      load_tolerance_pct numeric(5,2) NOT NULL DEFAULT 15 CHECK (load_tolerance_pct BETWEEN 0 AND 100),
      recent_interaction_days integer NOT NULL DEFAULT 90 CHECK (recent_interaction_days BETWEEN 1 AND 3650),
      forward_months integer NOT NULL DEFAULT 12 CHECK (forward_months BETWEEN 12 AND 120),
      key_account_min_potential numeric(15,2) NOT NULL DEFAULT 10000000 CHECK (key_account_min_potential >= 0),
      key_account_max_share_pct numeric(5,2) NOT NULL DEFAULT 20 CHECK (key_account_max_share_pct BETWEEN 0 AND 100),
      call_script text NOT NULL CHECK (length(call_script) BETWEEN 1 AND 5000),
      retention_offer text NOT NULL CHECK (length(retention_offer) <= 2000),
      goodbye_subject text NOT NULL CHECK (length(goodbye_subject) BETWEEN 1 AND 300),
      goodbye_body text NOT NULL CHECK (length(goodbye_body) BETWEEN 1 AND 5000),
      welcome_subject text NOT NULL CHECK (length(welcome_subject) BETWEEN 1 AND 300),
      welcome_body text NOT NULL CHECK (length(welcome_body) BETWEEN 1 AND 5000),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by integer REFERENCES employees(id)
    );
    -- The company speaks first and never about the person who left: scripts say what the company offers.
    INSERT INTO handover_settings (call_script, retention_offer, goodbye_subject, goodbye_body, welcome_subject, welcome_body) VALUES (
      'Introduce yourself as the new manager of {client}. Thank them for working with us, ask what matters most to them right now, and agree on a visit. Do not discuss {departing} or the reasons for the change. Offer: {offer}',
      'Loyalty terms for the next quarter, within the price floor set by management.',
      '{client}: your new manager at our company',
      'Hello! From today your account is looked after by my colleague {successor}, who already has the full history of our work together. They will call you shortly. Thank you for the time we worked together. {departing}',
      '{client}: glad to continue working with you',
      'Hello! I am {successor}, your manager from now on. Everything we agreed stays in force; on top of it we would like to offer you: {offer}. When would a call or a visit suit you?'
    );

    CREATE TABLE handovers (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('departure','absence','hunter')),
      employee_id integer NOT NULL REFERENCES employees(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved','executed','returned','cancelled')),
      reason text CHECK (length(reason) <= 2000),
      to_competitor boolean NOT NULL DEFAULT false,
      last_day date,
      absent_from date,
      absent_to date,
      -- The successors' first day: tasks and messages are due then.
      first_day date NOT NULL,
      successor_pool integer[] NOT NULL,
      call_script text NOT NULL CHECK (length(call_script) <= 5000),
      retention_offer text NOT NULL CHECK (length(retention_offer) <= 2000),
      credit_share_pct numeric(5,2) CHECK (credit_share_pct > 0 AND credit_share_pct <= 100),
      credit_months integer CHECK (credit_months BETWEEN 1 AND 120),
      summary jsonb NOT NULL DEFAULT '{}',
      result jsonb,
      created_by integer REFERENCES employees(id),
      approved_by integer REFERENCES employees(id),
      approved_at timestamptz,
      executed_by integer REFERENCES employees(id),
      executed_at timestamptz,
      credentials_revoked_at timestamptz,
      returned_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'departure' OR last_day IS NOT NULL),
      CHECK (kind <> 'absence' OR (absent_from IS NOT NULL AND absent_to IS NOT NULL AND absent_to > absent_from)),
      CHECK (kind <> 'hunter' OR credit_share_pct IS NOT NULL)
    );
    -- One plan in the making per person: two drafts would hand the same client to two successors.
    CREATE UNIQUE INDEX handovers_open_key ON handovers (employee_id) WHERE status IN ('draft','approved');
    CREATE INDEX handovers_status_idx ON handovers (status, id);
    CREATE INDEX handovers_employee_idx ON handovers (employee_id, id);

    CREATE TABLE handover_items (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      handover_id integer NOT NULL REFERENCES handovers(id),
      kind text NOT NULL CHECK (kind IN ('client','deal','task','order','seat')),
      entity_id integer NOT NULL,
      company_id integer,
      abc char(1) CHECK (abc IN ('A','B','C')),
      revenue numeric(15,2),
      seat_role text,
      previous_owner_id integer NOT NULL REFERENCES employees(id),
      successor_id integer REFERENCES employees(id),
      -- Deals, tasks, orders and the owner seat of a handed-over client follow the client's successor
      -- until someone assigns them by hand.
      follows_client boolean NOT NULL DEFAULT false,
      reason text NOT NULL CHECK (length(reason) <= 2000),
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','done','skipped','returned','kept')),
      note text CHECK (length(note) <= 1000),
      new_seat_id integer,
      executed_at timestamptz,
      returned_at timestamptz,
      UNIQUE (handover_id, kind, entity_id)
    ) WITH (fillfactor = 50);
    -- Half-empty pages: marking 100k items done at execution stays a HOT update (no index writes).
    CREATE INDEX handover_items_company_idx ON handover_items (handover_id, company_id);
    CREATE INDEX handover_items_successor_idx ON handover_items (handover_id, successor_id, kind);

    CREATE TABLE handover_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      handover_id integer NOT NULL REFERENCES handovers(id),
      company_id integer NOT NULL REFERENCES companies(id),
      contact_id integer REFERENCES contacts(id),
      successor_id integer NOT NULL REFERENCES employees(id),
      channel text NOT NULL CHECK (channel IN ('call','email')),
      step smallint NOT NULL CHECK (step IN (1, 2)),
      from_address text CHECK (length(from_address) <= 254),
      to_address text CHECK (length(to_address) <= 254),
      subject text CHECK (length(subject) <= 500),
      body text NOT NULL CHECK (length(body) <= 20000),
      due_on date NOT NULL,
      task_id integer REFERENCES tasks(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent','reached','failed','no_address')),
      sent_at timestamptz,
      reached_at timestamptz,
      note text CHECK (length(note) <= 1000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX handover_messages_handover_idx ON handover_messages (handover_id, id);
    CREATE INDEX handover_messages_due_idx ON handover_messages (due_on, status);

    -- Read by the email integration: mail to a departed address goes to the successor of that client.
    CREATE TABLE mail_forwards (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      handover_id integer NOT NULL REFERENCES handovers(id),
      address text NOT NULL CHECK (length(address) BETWEEN 3 AND 254),
      company_id integer REFERENCES companies(id),
      successor_id integer NOT NULL REFERENCES employees(id),
      until date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX mail_forwards_address_idx ON mail_forwards (lower(address), until);

    CREATE TABLE hunter_credit_shares (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      handover_id integer NOT NULL REFERENCES handovers(id),
      company_id integer NOT NULL REFERENCES companies(id),
      hunter_id integer NOT NULL REFERENCES employees(id),
      account_manager_id integer NOT NULL REFERENCES employees(id),
      share_pct numeric(5,2) NOT NULL CHECK (share_pct > 0 AND share_pct <= 100),
      valid_from date NOT NULL,
      valid_until date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (handover_id, company_id)
    );
    CREATE INDEX hunter_credit_shares_hunter_idx ON hunter_credit_shares (hunter_id, valid_from);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE hunter_credit_shares, mail_forwards, handover_messages, handover_items, handovers, handover_settings;
  `.execute(db);
}
