import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const listPolicies = (db: Kysely<DB>) => db.selectFrom('role_policies').selectAll().orderBy('role').execute();

export const findPolicy = (db: Kysely<DB>, { role, forUpdate = false }: { role: string; forUpdate?: boolean }) => {
  const q = db.selectFrom('role_policies').selectAll().where('role', '=', role);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
};
export type PolicyRow = NonNullable<Awaited<ReturnType<typeof findPolicy>>>;

export type PolicyValues = Partial<Omit<PolicyRow, 'role' | 'updated_at' | 'updated_by'>>;

export const upsertPolicy = (db: Kysely<DB>, { role, values, updatedBy }: { role: string; values: Required<PolicyValues>; updatedBy: number }) =>
  db
    .insertInto('role_policies')
    .values({ role, ...values, updated_by: updatedBy, updated_at: new Date() })
    .onConflict((oc) => oc.column('role').doUpdateSet({ ...values, updated_by: updatedBy, updated_at: new Date() }))
    .execute();
