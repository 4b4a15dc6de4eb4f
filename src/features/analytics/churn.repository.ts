import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { SALE_STATUSES } from './rollup.repository.js';

const saleStatuses = sql.join(SALE_STATUSES.map((s) => sql.lit(s)));

/** Companies with a sale in (asOf, until]: the backtest's "did not stop ordering". */
export async function companiesOrderingBetween(db: Kysely<DB>, options: { after: string; until: string }) {
  const { rows } = await sql<{ company_id: number }>`
    SELECT DISTINCT company_id FROM orders
    WHERE ordered_on > ${options.after}::date AND ordered_on <= ${options.until}::date
      AND status IN (${saleStatuses}) AND archived_at IS NULL`.execute(db);
  return new Set(rows.map((r) => r.company_id));
}

export const companyNames = async (db: Kysely<DB>, ids: readonly number[]) => {
  if (ids.length === 0) return new Map<number, { name: string; owner_id: number | null; owner_name: string | null }>();
  const rows = await db
    .selectFrom('companies')
    .leftJoin('employees', 'employees.id', 'companies.owner_id')
    .select(['companies.id', 'companies.name', 'companies.owner_id', 'employees.name as owner_name'])
    .where('companies.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, owner_id: r.owner_id, owner_name: r.owner_name }]));
};
