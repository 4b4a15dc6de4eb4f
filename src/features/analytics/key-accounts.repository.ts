import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

export type KeyAccountRow = {
  company_id: number;
  company_name: string;
  potential: string;
  revenue: string;
  categories_bought: number;
  holder_id: number | null;
  holder_name: string | null;
  holder_role: string | null;
  kam_id: number | null;
  kam_name: string | null;
};

/** "Large potential" by default: the 90th percentile of the potentials we know, walked on companies_potential_idx. */
export async function defaultMinPotential(db: Kysely<DB>): Promise<string> {
  // percentile_disc(0.9): the first value at or past 90% of the ascending order, i.e. the
  // (n - ceil(0.9 n) + 1)-th from the top, so the walk down the index passes a tenth of the entries.
  const { rows } = await sql<{ p: string | null }>`
    SELECT annual_potential::text AS p FROM companies
    WHERE annual_potential > 0 AND archived_at IS NULL
    ORDER BY annual_potential DESC
    OFFSET (SELECT count(*) - ceil(0.9 * count(*))::int FROM companies WHERE annual_potential > 0 AND archived_at IS NULL)
    LIMIT 1`.execute(db);
  return rows[0]?.p ?? '0.00';
}

export async function categoriesOffered(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM product_categories WHERE archived_at IS NULL`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * Every visible client with at least `minPotential` a year: our revenue and the categories it
 * bought over the last 12 months (from the per-client snapshot), who holds it, and the key-account
 * manager on it if any (a current key_account seat, or an owner whose role is key_account_manager).
 * Departed people hold nothing.
 */
export async function largeClients(
  db: Kysely<DB>,
  o: { actor: Actor; minPotential: string; candidatesLike?: { maxShare: number; maxBreadth: number; offered: number } | undefined },
) {
  // A cheap superset of the candidates (<= where the rule says <); the domain rule decides.
  const c = o.candidatesLike;
  const prefilter = c
    ? sql<boolean>`coalesce(s.revenue, 0) > 0 AND kam.id IS NULL
        AND (s.revenue <= ${c.maxShare}::numeric * big.annual_potential OR s.categories_12m <= ${c.maxBreadth}::numeric * ${c.offered}::int)`
    : sql<boolean>`true`;
  const { rows } = await sql<KeyAccountRow>`
    WITH big AS (
      SELECT c.id, c.name, c.annual_potential, c.owner_id
      FROM companies c
      WHERE c.archived_at IS NULL AND c.annual_potential > 0 AND c.annual_potential >= ${o.minPotential}::numeric
        AND ${companyVisibleTo(o.actor, 'c.id')}
    ),
    kam AS (
      SELECT DISTINCT ON (t.company_id) t.company_id, e.id, e.name
      FROM account_team t JOIN big ON big.id = t.company_id
      JOIN employees e ON e.id = t.employee_id AND e.status <> 'departed' AND e.archived_at IS NULL
      WHERE t.until IS NULL AND (t.role = 'key_account' OR (t.role = 'owner' AND e.role = 'key_account_manager'))
      ORDER BY t.company_id, (t.role = 'key_account') DESC, t.since
    )
    SELECT big.id AS company_id, big.name AS company_name, big.annual_potential::text AS potential,
           coalesce(s.revenue, 0)::text AS revenue, coalesce(s.categories_12m, 0) AS categories_bought,
           h.id AS holder_id, h.name AS holder_name, h.role AS holder_role, kam.id AS kam_id, kam.name AS kam_name
    FROM big
    LEFT JOIN analytics_clients s ON s.company_id = big.id
    LEFT JOIN employees h ON h.id = big.owner_id AND h.status <> 'departed' AND h.archived_at IS NULL
    LEFT JOIN kam ON kam.company_id = big.id
    WHERE ${prefilter}
  `.execute(db);
  return rows;
}
