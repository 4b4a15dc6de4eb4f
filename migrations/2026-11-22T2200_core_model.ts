import { type Kysely, sql } from 'kysely';

// The central client base: employees, companies, contacts, account teams, products, orders,
// deals, activities and tasks. Money is numeric(15,2); every table has created/updated stamps.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE employees (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      role text NOT NULL CHECK (role IN ('director','head_of_sales','account_manager','key_account_manager','hunter','call_centre','customer_service','admin')),
      hired_on date NOT NULL DEFAULT current_date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','on_leave','departing','departed')),
      manager_id integer REFERENCES employees(id),
      password_hash text,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (manager_id IS NULL OR manager_id <> id)
    );
    CREATE UNIQUE INDEX employees_email_key ON employees (lower(email));
    CREATE INDEX employees_manager_idx ON employees (manager_id);

    CREATE TABLE employee_status_history (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      employee_id integer NOT NULL REFERENCES employees(id),
      from_status text,
      to_status text NOT NULL,
      changed_by integer REFERENCES employees(id),
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX employee_status_history_employee_idx ON employee_status_history (employee_id, changed_at);

    CREATE TABLE sessions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      employee_id integer NOT NULL REFERENCES employees(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_employee_idx ON sessions (employee_id) WHERE revoked_at IS NULL;

    CREATE TABLE api_tokens (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      employee_id integer NOT NULL REFERENCES employees(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_employee_idx ON api_tokens (employee_id) WHERE revoked_at IS NULL;

    CREATE TABLE companies (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      legal_name text CHECK (length(legal_name) <= 500),
      inn text CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
      kpp text CHECK (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
      status text NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect','active','at_risk','lost')),
      owner_id integer REFERENCES employees(id),
      source_id integer REFERENCES employees(id),
      annual_potential numeric(15,2) CHECK (annual_potential >= 0),
      tags text[] NOT NULL DEFAULT '{}',
      address text CHECK (length(address) <= 1000),
      website text CHECK (length(website) <= 500),
      external_id text UNIQUE,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX companies_inn_key ON companies (inn) WHERE inn IS NOT NULL;
    CREATE INDEX companies_owner_idx ON companies (owner_id, name, id);
    CREATE INDEX companies_status_idx ON companies (status, name, id);
    CREATE INDEX companies_name_idx ON companies (name, id);
    CREATE INDEX companies_created_idx ON companies (created_at, id);
    CREATE INDEX companies_tags_idx ON companies USING gin (tags);

    CREATE TABLE contacts (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_id integer NOT NULL REFERENCES companies(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      position text CHECK (length(position) <= 200),
      is_decision_maker boolean NOT NULL DEFAULT false,
      phones text[] NOT NULL DEFAULT '{}',
      emails text[] NOT NULL DEFAULT '{}',
      birthday date,
      external_id text UNIQUE,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX contacts_company_idx ON contacts (company_id, name, id);
    CREATE INDEX contacts_phones_idx ON contacts USING gin (phones);

    CREATE TABLE account_team (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_id integer NOT NULL REFERENCES companies(id),
      employee_id integer NOT NULL REFERENCES employees(id),
      role text NOT NULL CHECK (role IN ('owner','backup','hunter','key_account','service')),
      since timestamptz NOT NULL DEFAULT now(),
      until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (until IS NULL OR until >= since)
    );
    -- One current seat per person and role; ended seats stay as history.
    CREATE UNIQUE INDEX account_team_current_key ON account_team (company_id, employee_id, role) WHERE until IS NULL;
    CREATE INDEX account_team_employee_idx ON account_team (employee_id, company_id) WHERE until IS NULL;
    CREATE INDEX account_team_company_idx ON account_team (company_id, since);

    CREATE TABLE product_categories (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE product_groups (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      category_id integer NOT NULL REFERENCES product_categories(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (category_id, name)
    );
    CREATE TABLE products (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      group_id integer NOT NULL REFERENCES product_groups(id),
      sku text NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 100),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      unit text NOT NULL DEFAULT 'pcs' CHECK (length(unit) BETWEEN 1 AND 20),
      list_price numeric(15,2) NOT NULL CHECK (list_price >= 0),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX products_group_idx ON products (group_id);

    CREATE TABLE orders (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_id integer NOT NULL REFERENCES companies(id),
      number text NOT NULL CHECK (length(number) BETWEEN 1 AND 100),
      ordered_on date NOT NULL,
      status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('draft','confirmed','shipped','completed','cancelled')),
      owner_id integer REFERENCES employees(id),
      total numeric(15,2) NOT NULL DEFAULT 0,
      external_id text UNIQUE,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orders_company_idx ON orders (company_id, ordered_on);
    CREATE INDEX orders_date_idx ON orders (ordered_on, id);
    CREATE INDEX orders_owner_idx ON orders (owner_id) WHERE status IN ('draft','confirmed','shipped');

    CREATE TABLE order_lines (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      order_id integer NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      line_no integer NOT NULL CHECK (line_no > 0),
      product_id integer NOT NULL REFERENCES products(id),
      quantity numeric(15,3) NOT NULL CHECK (quantity > 0),
      price numeric(15,2) NOT NULL CHECK (price >= 0),
      cost numeric(15,2) NOT NULL CHECK (cost >= 0),
      UNIQUE (order_id, line_no)
    );
    CREATE INDEX order_lines_product_idx ON order_lines (product_id);

    CREATE TABLE pipeline_stages (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
      position integer NOT NULL UNIQUE,
      kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open','won','lost')),
      probability integer NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- A usable default pipeline; stages are configurable through the API.
    INSERT INTO pipeline_stages (name, position, kind, probability) VALUES
      ('New', 10, 'open', 10), ('Qualified', 20, 'open', 25), ('Proposal', 30, 'open', 50),
      ('Negotiation', 40, 'open', 75), ('Won', 90, 'won', 100), ('Lost', 100, 'lost', 0);

    CREATE TABLE deals (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_id integer NOT NULL REFERENCES companies(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      stage_id integer NOT NULL REFERENCES pipeline_stages(id),
      amount numeric(15,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
      expected_close date,
      owner_id integer REFERENCES employees(id),
      closed_at timestamptz,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX deals_company_idx ON deals (company_id);
    CREATE INDEX deals_stage_idx ON deals (stage_id, id);
    CREATE INDEX deals_owner_idx ON deals (owner_id) WHERE closed_at IS NULL;

    CREATE TABLE deal_stage_history (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      deal_id integer NOT NULL REFERENCES deals(id),
      from_stage_id integer REFERENCES pipeline_stages(id),
      to_stage_id integer NOT NULL REFERENCES pipeline_stages(id),
      changed_by integer REFERENCES employees(id),
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (deal_id, changed_at);

    CREATE TABLE activities (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      type text NOT NULL CHECK (type IN ('call','email','meeting','visit','note')),
      employee_id integer NOT NULL REFERENCES employees(id),
      company_id integer NOT NULL REFERENCES companies(id),
      contact_id integer REFERENCES contacts(id),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      direction text CHECK (direction IN ('inbound','outbound')),
      summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX activities_company_idx ON activities (company_id, occurred_at DESC);
    CREATE INDEX activities_employee_idx ON activities (employee_id, occurred_at DESC);

    CREATE TABLE tasks (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      due_at timestamptz,
      assignee_id integer NOT NULL REFERENCES employees(id),
      company_id integer REFERENCES companies(id),
      deal_id integer REFERENCES deals(id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
      origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual','rule')),
      result text CHECK (length(result) <= 5000),
      completed_at timestamptz,
      created_by integer REFERENCES employees(id),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, status, due_at);
    CREATE INDEX tasks_company_idx ON tasks (company_id);
    CREATE INDEX tasks_deal_idx ON tasks (deal_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE tasks, activities, deal_stage_history, deals, pipeline_stages, order_lines, orders,
      products, product_groups, product_categories, account_team, contacts, companies,
      api_tokens, sessions, employee_status_history, employees;
  `.execute(db);
}
