import { type Kysely, sql } from 'kysely';

// Security part B: the Postgres job queue, departure-signal alerts, export approval requests,
// login attempts for lockout, and notices of departure.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Claimed with FOR UPDATE SKIP LOCKED; a unique key makes "enqueue the job for day D" idempotent.
    CREATE TABLE jobs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
      key text UNIQUE CHECK (length(key) <= 200),
      payload jsonb NOT NULL DEFAULT '{}',
      run_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
      last_error text CHECK (length(last_error) <= 5000),
      locked_at timestamptz,
      finished_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE status IN ('queued','running');

    -- One alert per kind, employee and day: re-running a day's job cannot duplicate it.
    CREATE TABLE security_alerts (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
      employee_id integer NOT NULL REFERENCES employees(id),
      day date NOT NULL DEFAULT current_date,
      evidence jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','reviewed','dismissed')),
      reason text CHECK (length(reason) <= 2000),
      created_at timestamptz NOT NULL DEFAULT now(),
      reviewed_by integer REFERENCES employees(id),
      reviewed_at timestamptz,
      -- The review tasks the alert created, closed when someone decides the alert.
      task_ids integer[] NOT NULL DEFAULT '{}',
      UNIQUE (kind, employee_id, day),
      CHECK (status <> 'dismissed' OR reason IS NOT NULL)
    );
    CREATE INDEX security_alerts_status_idx ON security_alerts (status, created_at DESC, id DESC);
    CREATE INDEX security_alerts_employee_idx ON security_alerts (employee_id, day);

    CREATE TABLE export_requests (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      employee_id integer NOT NULL REFERENCES employees(id),
      entity text NOT NULL CHECK (length(entity) BETWEEN 1 AND 50),
      format text CHECK (format IN ('csv','xlsx')),
      filters jsonb NOT NULL DEFAULT '{}',
      row_count integer NOT NULL CHECK (row_count > 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','used')),
      decided_by integer REFERENCES employees(id),
      decided_at timestamptz,
      decision_note text CHECK (length(decision_note) <= 1000),
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (decided_by IS NULL OR decided_by <> employee_id)
    );
    CREATE INDEX export_requests_status_idx ON export_requests (status, id);
    CREATE INDEX export_requests_employee_idx ON export_requests (employee_id, entity, status);

    -- Every login attempt; the lockout reads the recent ones per account and per address.
    CREATE TABLE login_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (length(email) <= 254),
      ip text NOT NULL CHECK (length(ip) <= 100),
      succeeded boolean NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
    CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

    CREATE TABLE employee_notices (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      employee_id integer NOT NULL REFERENCES employees(id),
      to_competitor boolean NOT NULL,
      last_day date,
      note text CHECK (length(note) <= 2000),
      created_by integer REFERENCES employees(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX employee_notices_employee_idx ON employee_notices (employee_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE employee_notices, login_attempts, export_requests, security_alerts, jobs`.execute(db);
}
