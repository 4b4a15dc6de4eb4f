import { type Kysely, sql } from 'kysely';

// The server keeps live sessions in memory (src/features/auth/session-cache.ts) and empties them
// when it hears NOTIFY hf_auth. Every statement that can end a session or change who its employee
// is sends it: sessions revoked or re-dated, employees departed, archived, renamed or given another
// role, role policies changed, and any delete or truncate of those tables. Statement triggers: one
// NOTIFY per statement (and PostgreSQL folds repeats within a transaction), sent at commit.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION hf_notify_auth() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('hf_auth', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER sessions_notify_auth AFTER UPDATE OF revoked_at, expires_at, token_hash, employee_id OR DELETE OR TRUNCATE ON sessions
      FOR EACH STATEMENT EXECUTE FUNCTION hf_notify_auth();
    CREATE TRIGGER employees_notify_auth AFTER UPDATE OF status, archived_at, role, name, email, id OR DELETE OR TRUNCATE ON employees
      FOR EACH STATEMENT EXECUTE FUNCTION hf_notify_auth();
    CREATE TRIGGER role_policies_notify_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_policies
      FOR EACH STATEMENT EXECUTE FUNCTION hf_notify_auth();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER sessions_notify_auth ON sessions;
    DROP TRIGGER employees_notify_auth ON employees;
    DROP TRIGGER role_policies_notify_auth ON role_policies;
    DROP FUNCTION hf_notify_auth();
  `.execute(db);
}
