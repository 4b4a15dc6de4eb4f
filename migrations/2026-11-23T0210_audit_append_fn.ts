import { type Kysely, sql } from 'kysely';

// An audit append in one statement (one round trip), so it can also ride inside another statement
// (the dossier read audits itself in the statement that reads it). The caller computes the entry's
// canonical JSON (src/domain/audit-chain.ts, entryBody); the function takes the chain's lock (the
// key of lockChain in src/features/audit/audit.repository.ts), reads the last hash and inserts with
// hash = sha256(prev_hash || body), exactly as entryHash computes it. The lock is held until the
// transaction ends, as before. plpgsql runs each statement on a fresh snapshot (READ COMMITTED), so
// the last hash read after the lock is granted is the one the previous holder committed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION hf_audit_append(p_at timestamptz, p_actor_id integer, p_action text, p_company_id integer,
                                    p_entity text, p_entity_id text, p_details jsonb, p_body text)
    RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      prev text;
      new_id bigint;
    BEGIN
      PERFORM pg_advisory_xact_lock(7240391118);
      SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
      prev := coalesce(prev, repeat('0', 64));
      INSERT INTO audit_log (at, actor_id, action, company_id, entity, entity_id, details, prev_hash, hash)
      VALUES (p_at, p_actor_id, p_action, p_company_id, p_entity, p_entity_id, p_details, prev,
              encode(sha256(convert_to(prev || p_body, 'UTF8')), 'hex'))
      RETURNING id INTO new_id;
      RETURN new_id;
    END
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION hf_audit_append(timestamptz, integer, text, integer, text, text, jsonb, text)`.execute(db);
}
