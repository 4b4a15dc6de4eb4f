import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';
import { type ClientRow, clientColumns } from './clients.repository.js';
import type { DependencyRow } from './coverage.repository.js';

// Dashboard reads with default parameters: index scans over the per-client snapshot. Every list
// joins companies for the name and drops clients archived since the snapshot was taken.

type Named = { company_name: string; owner_id: number | null; owner_name: string | null };
export type SnapshotItem = ClientRow & Named;

const named = sql`c.name AS company_name, c.owner_id, e.name AS owner_name`;
const namedJoin = sql`JOIN companies c ON c.id = s.company_id AND c.archived_at IS NULL LEFT JOIN employees e ON e.id = c.owner_id`;

/** A page of the last-12-months ABC ranking with each item's cumulative positive sum. */
export async function abcPage(db: Kysely<DB>, o: { measure: 'revenue' | 'margin'; abc?: string | undefined; xyz?: string | undefined; afterRank: number; limit: number }) {
  const rank = sql.ref(`s.${o.measure}_rank`);
  const cls = sql.ref(`s.${o.measure}_abc`);
  const value = sql.ref(`s.${o.measure}`);
  const { rows } = await sql<SnapshotItem>`
    SELECT ${clientColumns}, ${named} FROM analytics_clients s ${namedJoin}
    WHERE ${rank} > ${o.afterRank}
      AND (${o.abc ?? null}::text IS NULL OR ${cls} = ${o.abc ?? null}) AND (${o.xyz ?? null}::text IS NULL OR s.xyz = ${o.xyz ?? null})
    ORDER BY ${rank} LIMIT ${o.limit + 1}`.execute(db);
  // Cumulative sums up to each page item, in one ordered pass along the rank index.
  const ranks = rows.map((r) => (o.measure === 'margin' ? r.margin_rank : r.revenue_rank) as number);
  const { rows: running } = await sql<{ rank: number; running: string }>`
    SELECT rank, running::text AS running FROM (
      SELECT ${rank} AS rank, sum(greatest(${value}, 0)) OVER (ORDER BY ${rank}) AS running
      FROM analytics_clients s WHERE ${rank} <= ${Math.max(0, ...ranks)}
    ) x WHERE rank = any(${ranks}::int[])`.execute(db);
  return { items: rows, running: new Map(running.map((r) => [r.rank, r.running])) };
}

/** A page of the clients with sales in the last 12 months by revenue, with how many people know them. */
export async function coveragePage(db: Kysely<DB>, o: { minKnowers: number; onlyFlagged: boolean; afterRank: number; limit: number }) {
  const inScope = sql<boolean>`s.revenue_rank IS NOT NULL AND s.revenue > 0`;
  const { rows } = await sql<SnapshotItem>`
    SELECT ${clientColumns}, ${named} FROM analytics_clients s ${namedJoin}
    WHERE ${inScope} AND s.revenue_rank > ${o.afterRank} AND (NOT ${o.onlyFlagged} OR s.knowers < ${o.minKnowers})
    ORDER BY s.revenue_rank LIMIT ${o.limit + 1}`.execute(db);
  return rows;
}

export type KnowerRow = { company_id: number; employee_id: number; employee_name: string; role: string; via: string[] };

/** How each listed person knows each listed client: seat roles and/or recent interactions. */
export async function knowerDetails(db: Kysely<DB>, o: { companyIds: readonly number[]; since: string }) {
  if (o.companyIds.length === 0) return [];
  const { rows } = await sql<KnowerRow>`
    SELECT l.company_id, e.id AS employee_id, e.name AS employee_name, e.role, array_agg(DISTINCT l.via ORDER BY l.via) AS via
    FROM (
      SELECT t.company_id, t.employee_id, t.role AS via FROM account_team t
      WHERE t.until IS NULL AND t.company_id = any(${[...o.companyIds]}::int[])
      UNION ALL
      SELECT a.company_id, a.employee_id, 'interactions' FROM activities a
      WHERE a.company_id = any(${[...o.companyIds]}::int[]) AND a.occurred_at >= ${o.since}::timestamptz
        AND a.type IN ('call', 'email', 'meeting', 'visit') AND a.archived_at IS NULL
    ) l
    JOIN employees e ON e.id = l.employee_id AND e.status <> 'departed' AND e.archived_at IS NULL
    GROUP BY l.company_id, e.id, e.name, e.role
    ORDER BY e.name, e.id`.execute(db);
  return rows;
}


/** A page of employees by walk-away revenue, each with the five largest clients only they know. */
export async function dependencyPage(db: Kysely<DB>, o: { afterRank: number; limit: number }) {
  const { rows } = await sql<DependencyRow>`
    SELECT a.rank, a.employee_id, e.name AS employee_name, e.role, e.status, a.walk_away::text AS walk_away, a.sole_clients,
           a.clients_known, a.owned_revenue::text AS owned_revenue,
           (SELECT json_agg(json_build_object('company_id', t.company_id, 'company_name', t.name, 'revenue', t.revenue::text))
            FROM (SELECT s.company_id, c.name, s.revenue FROM analytics_clients s JOIN companies c ON c.id = s.company_id AND c.archived_at IS NULL
                  WHERE s.knowers = 1 AND s.revenue > 0 AND s.knower_ids[1] = a.employee_id
                  ORDER BY s.revenue DESC, s.company_id LIMIT 5) t) AS top_sole_clients
    FROM analytics_employees a JOIN employees e ON e.id = a.employee_id
    WHERE a.rank > ${o.afterRank} ORDER BY a.rank LIMIT ${o.limit + 1}`.execute(db);
  return rows;
}

export type ChurnSummary = { total: number; flagged: number; lapsed: number; fading: number; new: number; steady: number };

/** Active clients by churn score (keyset on score, company id), only those the actor may see. */
export async function churnPage(
  db: Kysely<DB>,
  o: {
    actor: Actor;
    flagScore: number;
    onlyFlagged: boolean;
    pattern?: string | undefined;
    after: { score: number; id: number } | null;
    limit: number;
    /** totals over the clients the actor sees (management reads them from the stored summary) */
    withSummary: boolean;
  },
) {
  const flagged = sql<boolean>`(s.pattern IN ('lapsed', 'fading') OR s.score >= ${o.flagScore})`;
  const visible = companyVisibleTo(o.actor, 's.company_id');
  const { rows } = await sql<SnapshotItem>`
    SELECT ${clientColumns}, ${named} FROM analytics_clients s ${namedJoin}
    WHERE s.churn_active AND ${visible}
      AND (NOT ${o.onlyFlagged} OR ${flagged}) AND (${o.pattern ?? null}::text IS NULL OR s.pattern = ${o.pattern ?? null})
      AND (${o.after === null} OR s.score < ${o.after?.score ?? 0} OR (s.score = ${o.after?.score ?? 0} AND s.company_id > ${o.after?.id ?? 0}))
    ORDER BY s.score DESC, s.company_id LIMIT ${o.limit + 1}`.execute(db);
  if (!o.withSummary) return { items: rows, summary: null };
  const { rows: summary } = await sql<ChurnSummary>`
    SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${flagged}))::int AS flagged,
           (count(*) FILTER (WHERE s.pattern = 'lapsed'))::int AS lapsed, (count(*) FILTER (WHERE s.pattern = 'fading'))::int AS fading,
           (count(*) FILTER (WHERE s.pattern = 'new'))::int AS new, (count(*) FILTER (WHERE s.pattern = 'steady'))::int AS steady
    FROM analytics_clients s JOIN companies c ON c.id = s.company_id AND c.archived_at IS NULL
    WHERE s.churn_active AND ${visible}`.execute(db);
  return { items: rows, summary: summary[0] as ChurnSummary };
}
