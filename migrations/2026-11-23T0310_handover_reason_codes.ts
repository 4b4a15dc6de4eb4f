import { type Kysely, sql } from 'kysely';

// Each handover item's reason as a code with parameters beside the English sentence, so the web
// can show it in the reader's language. Nullable: items drafted before this carry only the sentence.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE handover_items ADD COLUMN reason_code text, ADD COLUMN reason_params jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE handover_items DROP COLUMN reason_code, DROP COLUMN reason_params`.execute(db);
}
