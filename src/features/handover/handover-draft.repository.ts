import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { basisPoints, DEFAULT_ABC } from '../../domain/analytics/abc.js';

// What "open" means for each kind of item a person can hold; drafting, execution and the final
// check all use these, so "owns nothing open" is checked against the same definition.
/** When a client, deal, task or order still counts as open, for the table under alias `a`. */
export function openIn(a: string) {
  const col = (c: string) => sql.ref(`${a}.${c}`);
  return {
    client: sql`${col('archived_at')} is null`,
    deal: sql`${col('closed_at')} is null and ${col('archived_at')} is null`,
    task: sql`${col('status')} = 'open' and ${col('archived_at')} is null`,
    order: sql`${col('status')} in ('draft', 'confirmed', 'shipped') and ${col('archived_at')} is null`,
  } as const;
}

/** The same, under the aliases the handover queries use: c, d, t and o. */
export const OPEN = { client: openIn('c').client, deal: openIn('d').deal, task: openIn('t').task, order: openIn('o').order } as const;

/** A handover's scope: every company (departure, absence) or the listed ones (hunter to account manager). */
export type Scope = readonly number[] | null;
export const inScope = (column: string, scope: Scope): RawBuilder<boolean> =>
  scope === null ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = any(${[...scope]}::int[])`;

const SALE_STATUSES = sql`('confirmed', 'shipped', 'completed')`;
// The analytics issue's ABC thresholds and rule (classifyAbc), applied here straight to the orders.
const A_BP = basisPoints(DEFAULT_ABC.a);
const AB_BP = basisPoints(DEFAULT_ABC.a + DEFAULT_ABC.b);

export type ClientRow = { id: number; name: string; revenue: string; abc: 'A' | 'B' | 'C'; ka_candidate: boolean };

/**
 * The person's clients with revenue over the 12 months to `asOf` and their ABC class among all
 * clients (the analytics ABC: 80/15/5 of cumulative revenue, ties share a class), and
 * whether each is a key-account candidate: large potential of which we hold a small share.
 */
export async function loadClients(db: Kysely<DB>, o: { employeeId: number; asOf: string; scope: Scope; kaMinPotential: string; kaMaxSharePct: string }) {
  const res = await sql<ClientRow>`
    with rev as (
      select company_id, sum(total) as revenue
      from orders
      where status in ${SALE_STATUSES} and archived_at is null
        and ordered_on > ${o.asOf}::date - interval '12 months' and ordered_on <= ${o.asOf}::date
      group by company_id
      having sum(total) > 0
    ), ranked as (
      select company_id, revenue,
        sum(revenue) over (order by revenue desc) - sum(revenue) over (partition by revenue) as before,
        sum(revenue) over () as total
      from rev
    )
    select c.id, c.name, coalesce(r.revenue, 0)::numeric(15,2)::text as revenue,
      case when r.revenue is null then 'C'
           when r.before * 10000 < r.total * ${sql.lit(A_BP)} then 'A'
           when r.before * 10000 < r.total * ${sql.lit(AB_BP)} then 'B'
           else 'C' end as abc,
      coalesce(c.annual_potential >= ${o.kaMinPotential}::numeric
        and coalesce(r.revenue, 0) * 100 < c.annual_potential * ${o.kaMaxSharePct}::numeric, false) as ka_candidate
    from companies c
    left join ranked r on r.company_id = c.id
    where c.owner_id = ${o.employeeId} and ${OPEN.client} and ${inScope('c.id', o.scope)}
    order by c.id`.execute(db);
  return res.rows;
}

export type KnowerRow = { company_id: number; employee_id: number; how: 'backup' | 'team' | 'interactions' };

/** Who among the pool already knows each of the person's clients: a team seat, or recent activities. */
export async function loadKnowers(db: Kysely<DB>, o: { employeeId: number; pool: number[]; recentDays: number; scope: Scope }) {
  const res = await sql<KnowerRow>`
    with mine as (
      select c.id from companies c where c.owner_id = ${o.employeeId} and ${OPEN.client} and ${inScope('c.id', o.scope)}
      union
      select a.company_id from account_team a where a.employee_id = ${o.employeeId} and a.until is null and ${inScope('a.company_id', o.scope)}
    )
    select a.company_id, a.employee_id, case when bool_or(a.role = 'backup') then 'backup' else 'team' end as how
    from account_team a join mine on mine.id = a.company_id
    where a.until is null and a.employee_id = any(${o.pool}::int[])
    group by a.company_id, a.employee_id
    union all
    select x.company_id, x.employee_id, 'interactions'
    from activities x join mine on mine.id = x.company_id
    where x.employee_id = any(${o.pool}::int[]) and x.archived_at is null
      and x.occurred_at >= now() - make_interval(days => ${o.recentDays}::int)
    group by x.company_id, x.employee_id`.execute(db);
  return res.rows;
}

export type SeatRow = { id: number; company_id: number; company_name: string; role: string; owned: boolean; holders: number[] };

/** The person's current team seats; `owned` when the company is one of their clients (the seat follows it). */
export async function loadSeats(db: Kysely<DB>, o: { employeeId: number; scope: Scope }) {
  const res = await sql<SeatRow>`
    select a.id, a.company_id, c.name as company_name, a.role,
      (c.owner_id = ${o.employeeId} and ${OPEN.client}) as owned,
      coalesce((select array_agg(b.employee_id) from account_team b
                where b.company_id = a.company_id and b.role = a.role and b.until is null and b.employee_id <> a.employee_id), '{}') as holders
    from account_team a join companies c on c.id = a.company_id
    where a.employee_id = ${o.employeeId} and a.until is null and ${inScope('a.company_id', o.scope)}
    order by a.id`.execute(db);
  return res.rows;
}

/** `reason` is the English sentence of `reasonCode` and `reasonParams`. */
export type PlannedRow = { entityId: number; successorId: number | null; reason: string; reasonCode: string; reasonParams: Record<string, unknown> };

const codes = (rows: PlannedRow[]) => rows.map((r) => r.reasonCode);
const params = (rows: PlannedRow[]) => rows.map((r) => JSON.stringify(r.reasonParams));

/** Client items from the domain's plan, in one statement. */
export async function insertClientItems(db: Kysely<DB>, o: { handoverId: number; previousOwnerId: number; rows: (PlannedRow & { abc: string; revenue: string })[] }) {
  if (!o.rows.length) return;
  await sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, abc, revenue, previous_owner_id, successor_id, reason, reason_code, reason_params)
    select ${o.handoverId}, 'client', u.id, u.id, u.abc, u.revenue::numeric, ${o.previousOwnerId}, u.successor_id, u.reason, u.code, u.params::jsonb
    from unnest(${o.rows.map((r) => r.entityId)}::int[], ${o.rows.map((r) => r.successorId)}::int[], ${o.rows.map((r) => r.reason)}::text[],
                ${o.rows.map((r) => r.abc)}::text[], ${o.rows.map((r) => r.revenue)}::text[], ${codes(o.rows)}::text[], ${params(o.rows)}::text[])
      as u(id, successor_id, reason, abc, revenue, code, params)`.execute(db);
}

/** Seats in other owners' teams, as the domain planned them. */
export async function insertSeatItems(db: Kysely<DB>, o: { handoverId: number; previousOwnerId: number; rows: PlannedRow[] }) {
  if (!o.rows.length) return;
  await sql`
    insert into handover_items (handover_id, kind, entity_id, company_id, seat_role, previous_owner_id, successor_id, reason, reason_code, reason_params)
    select ${o.handoverId}, 'seat', a.id, a.company_id, a.role, ${o.previousOwnerId}, u.successor_id, u.reason, u.code, u.params::jsonb
    from unnest(${o.rows.map((r) => r.entityId)}::int[], ${o.rows.map((r) => r.successorId)}::int[], ${o.rows.map((r) => r.reason)}::text[],
                ${codes(o.rows)}::text[], ${params(o.rows)}::text[]) as u(id, successor_id, reason, code, params)
    join account_team a on a.id = u.id`.execute(db);
}
