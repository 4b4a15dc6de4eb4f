import { type Kysely, sql } from 'kysely';

// The audit chain's integrity comes from the advisory lock every append takes and from verifyChain
// walking prev_hash links; nothing looks an entry up by its hash. The UNIQUE index on the hash was a
// random-order insert into a btree of 64-character text for every entry, the most expensive part
// of writing a 100k-entry handover trail (about 0.85 s of it on PostgreSQL), so it goes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_key`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log ADD CONSTRAINT audit_log_hash_key UNIQUE (hash)`.execute(db);
}
