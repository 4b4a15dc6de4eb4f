import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// One fixed key for pg_advisory_xact_lock: every append takes it, so two transactions cannot both
// read the same last hash and fork the chain. Released at commit or rollback.
export const AUDIT_LOCK_KEY = 7_240_391_118;

export const lockChain = (db: Kysely<DB>) => sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK_KEY)})`.execute(db);

export const lastHash = (db: Kysely<DB>) =>
  db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();

/** An entry ready to append: its fields and its canonical JSON (what the hash covers after prev_hash). */
export type PreparedEntry = {
  at: Date;
  actorId: number | null;
  action: string;
  companyId: number | null;
  entity: string | null;
  entityId: string | null;
  details: unknown;
  body: string;
};

/**
 * One append as an SQL expression (hf_audit_append: lock, last hash, insert; see its migration), so
 * it costs one round trip, or none when it rides in a statement that does something else.
 */
export const appendEntrySql = (e: PreparedEntry) =>
  sql<string>`hf_audit_append(${e.at}::timestamptz, ${e.actorId}::int, ${e.action}::text, ${e.companyId}::int, ${e.entity}::text, ${e.entityId}::text, ${JSON.stringify(e.details)}::jsonb, ${e.body}::text)`;

export const appendEntry = (db: Kysely<DB>, e: PreparedEntry) => sql`select ${appendEntrySql(e)}`.execute(db);

/**
 * The append for a statement that otherwise only reads (a card read audits itself): its transaction
 * commits without waiting for the WAL flush (synchronous_commit off, this transaction only), so the
 * chain's lock is released as soon as the commit is written rather than after the disk flush, when
 * the holder must wait for a busy core to run again before letting the next reader in. The chain
 * stays whole after a crash (WAL replays in order; a lost entry takes every later one with it), but
 * a server crash within a fraction of a second of the read can lose that read's entry.
 */
export const appendReadEntrySql = (e: PreparedEntry) =>
  sql<string>`(select ${appendEntrySql(e)} from (select set_config('synchronous_commit', 'off', true)) nowait)`;

/** A batch of the chain in id order, for the verifier. */
export const chainBatch = (db: Kysely<DB>, { afterId, limit }: { afterId: number; limit: number }) =>
  db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();

export type AuditFilters = { employeeId?: number | undefined; action?: string | undefined; companyId?: number | undefined; from?: string | undefined; to?: string | undefined };

export function listQuery(db: Kysely<DB>, f: AuditFilters) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('employees', 'employees.id', 'audit_log.actor_id')
    .leftJoin('companies', 'companies.id', 'audit_log.company_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'employees.name as actor_name',
      'audit_log.action',
      'audit_log.company_id',
      'companies.name as company_name',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.details',
      'audit_log.hash',
    ]);
  if (f.employeeId !== undefined) q = q.where('audit_log.actor_id', '=', f.employeeId);
  if (f.action !== undefined) q = q.where('audit_log.action', '=', f.action);
  if (f.companyId !== undefined) q = q.where('audit_log.company_id', '=', f.companyId);
  if (f.from !== undefined) q = q.where('audit_log.at', '>=', new Date(f.from));
  if (f.to !== undefined) q = q.where('audit_log.at', '<', new Date(f.to));
  return q;
}
