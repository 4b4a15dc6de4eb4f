import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// Who "knows" a client: a current account-team seat, or a meaningful interaction (a call, email,
// meeting or visit; a note to oneself is not one) within the last N days. People who have left
// the company (departed or archived) know nobody any more.
function knowledgeCtes(o: { from: string; to: string; since: string }) {
  return sql`
    revenue AS (
      SELECT r.company_id, sum(r.revenue) AS revenue
      FROM analytics_company_months r
      JOIN companies c ON c.id = r.company_id AND c.archived_at IS NULL
      WHERE r.month BETWEEN ${o.from}::date AND ${o.to}::date
      GROUP BY r.company_id
      HAVING sum(r.revenue) > 0
    ),
    links AS (
      SELECT t.company_id, t.employee_id, t.role AS via FROM account_team t WHERE t.until IS NULL
      UNION
      SELECT a.company_id, a.employee_id, 'interactions' FROM activities a
      WHERE a.occurred_at >= ${o.since}::timestamptz AND a.type IN ('call', 'email', 'meeting', 'visit') AND a.archived_at IS NULL
    ),
    knowers AS (
      SELECT l.company_id, l.employee_id, array_agg(l.via ORDER BY l.via) AS via
      FROM links l
      JOIN revenue rv ON rv.company_id = l.company_id
      JOIN employees e ON e.id = l.employee_id AND e.status <> 'departed' AND e.archived_at IS NULL
      GROUP BY l.company_id, l.employee_id
    ),
    per_client AS (
      SELECT rv.company_id, rv.revenue, count(k.employee_id)::int AS knowers, min(k.employee_id) AS first_knower
      FROM revenue rv LEFT JOIN knowers k ON k.company_id = rv.company_id
      GROUP BY rv.company_id, rv.revenue
    )`;
}

export type Knower = { employee_id: number; employee_name: string; role: string; via: string[] };
export type CoverageRow = { rank: number; company_id: number; company_name: string; revenue: string; knowers_count: number; knowers: Knower[] };
export type CoverageSummary = { clients: number; flagged_clients: number; total_revenue: string; single_revenue: string; nobody_revenue: string };

/** Every client with sales in the window, by revenue, with the people who know it; plus the company-wide totals. */
export async function coverage(
  db: Kysely<DB>,
  o: { from: string; to: string; since: string; minKnowers: number; onlyFlagged: boolean; afterRank: number; limit: number },
) {
  const { rows } = await sql<{ summary: CoverageSummary; items: CoverageRow[] | null }>`
    WITH ${knowledgeCtes(o)},
    ranked AS (
      SELECT p.*, row_number() OVER (ORDER BY p.revenue DESC, p.company_id) AS rank
      FROM per_client p
      WHERE NOT ${o.onlyFlagged} OR p.knowers < ${o.minKnowers}
    ),
    page AS (SELECT * FROM ranked WHERE rank > ${o.afterRank} ORDER BY rank LIMIT ${o.limit + 1})
    SELECT
      (SELECT json_build_object(
         'clients', count(*), 'flagged_clients', count(*) FILTER (WHERE knowers < ${o.minKnowers}),
         'total_revenue', coalesce(sum(revenue), 0)::text,
         'single_revenue', coalesce(sum(revenue) FILTER (WHERE knowers = 1), 0)::text,
         'nobody_revenue', coalesce(sum(revenue) FILTER (WHERE knowers = 0), 0)::text) FROM per_client) AS summary,
      (SELECT json_agg(json_build_object(
         'rank', p.rank, 'company_id', p.company_id, 'company_name', c.name, 'revenue', p.revenue::text, 'knowers_count', p.knowers,
         'knowers', (SELECT coalesce(json_agg(json_build_object('employee_id', e.id, 'employee_name', e.name, 'role', e.role, 'via', k.via)
                                               ORDER BY e.name, e.id), '[]')
                     FROM knowers k JOIN employees e ON e.id = k.employee_id WHERE k.company_id = p.company_id)) ORDER BY p.rank)
       FROM page p JOIN companies c ON c.id = p.company_id) AS items
  `.execute(db);
  const row = rows[0] as { summary: CoverageSummary; items: CoverageRow[] | null };
  return { summary: row.summary, items: row.items ?? [] };
}

export type DependencyRow = {
  rank: number;
  employee_id: number;
  employee_name: string;
  role: string;
  status: string;
  walk_away: string;
  sole_clients: number;
  clients_known: number;
  owned_revenue: string;
  top_sole_clients: { company_id: number; company_name: string; revenue: string }[] | null;
};

/** Per employee: the revenue of the clients only they know, ranked; with what they own and know. */
export async function dependency(db: Kysely<DB>, o: { from: string; to: string; since: string; afterRank: number; limit: number }) {
  const { rows } = await sql<{ total_revenue: string; single_revenue: string; items: DependencyRow[] | null }>`
    WITH ${knowledgeCtes(o)},
    sole AS (
      SELECT p.first_knower AS employee_id, p.company_id, p.revenue,
             row_number() OVER (PARTITION BY p.first_knower ORDER BY p.revenue DESC, p.company_id) AS n
      FROM per_client p WHERE p.knowers = 1
    ),
    per_employee AS (
      SELECT k.employee_id, count(*)::int AS clients_known,
             coalesce(sum(rv.revenue) FILTER (WHERE c.owner_id = k.employee_id), 0) AS owned_revenue
      FROM knowers k JOIN revenue rv ON rv.company_id = k.company_id JOIN companies c ON c.id = k.company_id
      GROUP BY k.employee_id
    ),
    ranked AS (
      SELECT pe.*, coalesce(s.walk_away, 0) AS walk_away, coalesce(s.sole_clients, 0) AS sole_clients,
             row_number() OVER (ORDER BY coalesce(s.walk_away, 0) DESC, pe.owned_revenue DESC, pe.employee_id) AS rank
      FROM per_employee pe
      LEFT JOIN (SELECT employee_id, sum(revenue) AS walk_away, count(*)::int AS sole_clients FROM sole GROUP BY employee_id) s
        ON s.employee_id = pe.employee_id
    ),
    page AS (SELECT * FROM ranked WHERE rank > ${o.afterRank} ORDER BY rank LIMIT ${o.limit + 1})
    SELECT
      (SELECT coalesce(sum(revenue), 0)::text FROM per_client) AS total_revenue,
      (SELECT coalesce(sum(revenue) FILTER (WHERE knowers = 1), 0)::text FROM per_client) AS single_revenue,
      (SELECT json_agg(json_build_object(
         'rank', p.rank, 'employee_id', p.employee_id, 'employee_name', e.name, 'role', e.role, 'status', e.status,
         'walk_away', p.walk_away::text, 'sole_clients', p.sole_clients, 'clients_known', p.clients_known,
         'owned_revenue', p.owned_revenue::text,
         'top_sole_clients', (SELECT json_agg(json_build_object('company_id', s.company_id, 'company_name', c.name, 'revenue', s.revenue::text)
                                              ORDER BY s.n)
                              FROM sole s JOIN companies c ON c.id = s.company_id WHERE s.employee_id = p.employee_id AND s.n <= 5)
       ) ORDER BY p.rank)
       FROM page p JOIN employees e ON e.id = p.employee_id) AS items
  `.execute(db);
  const row = rows[0] as { total_revenue: string; single_revenue: string; items: DependencyRow[] | null };
  return { totalRevenue: row.total_revenue, singleRevenue: row.single_revenue, items: row.items ?? [] };
}
