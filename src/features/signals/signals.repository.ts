import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

// The audit actions departure signals read; part A's reveal and card-view code writes the last two.
export const SIGNAL_ACTIONS = { export: 'export.run', reveal: 'contact.reveal', outsideView: 'company.read_outside_portfolio' } as const;

/** Employees who can still act: everyone not departed and not archived. */
export const activeEmployees = (db: Kysely<DB>) =>
  db.selectFrom('employees').select(['id', 'name', 'email', 'role']).where('status', '<>', 'departed').where('archived_at', 'is', null).orderBy('id').execute();

const dayStart = (day: string, tz: string) => sql`((${day}::date)::timestamp AT TIME ZONE ${tz})`;

export type DailyCounts = { employee_id: number; day: string; export_rows: number; reveals: number; outside_views: number };

/** Per employee and local day in [fromDay, toDay]: rows exported, reveals, out-of-portfolio card views. One pass over the audit log. */
export async function dailyAuditCounts(db: Kysely<DB>, { fromDay, toDay, timeZone }: { fromDay: string; toDay: string; timeZone: string }) {
  const { rows } = await sql<DailyCounts>`
    SELECT actor_id AS employee_id,
           to_char((at AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day,
           coalesce(sum(CASE WHEN action = ${SIGNAL_ACTIONS.export} AND (details->>'rowCount') ~ '^[0-9]{1,9}$'
                             THEN (details->>'rowCount')::bigint ELSE 0 END), 0)::bigint AS export_rows,
           count(*) FILTER (WHERE action = ${SIGNAL_ACTIONS.reveal}) AS reveals,
           count(*) FILTER (WHERE action = ${SIGNAL_ACTIONS.outsideView}) AS outside_views
    FROM audit_log
    WHERE at >= ${dayStart(fromDay, timeZone)} AND at < ${dayStart(toDay, timeZone)} + interval '1 day'
      AND actor_id IS NOT NULL
      AND action IN (${SIGNAL_ACTIONS.export}, ${SIGNAL_ACTIONS.reveal}, ${SIGNAL_ACTIONS.outsideView})
    GROUP BY 1, 2`.execute(db);
  return rows;
}

export type ActivityCounts = { employee_id: number; in_window: number; in_baseline: number };

/** Interactions each employee logged in [windowFrom, toDay] and in [baselineFrom, windowFrom). */
export async function activityCounts(db: Kysely<DB>, o: { baselineFrom: string; windowFrom: string; toDay: string; timeZone: string }) {
  const { rows } = await sql<ActivityCounts>`
    SELECT employee_id,
           count(*) FILTER (WHERE occurred_at >= ${dayStart(o.windowFrom, o.timeZone)}) AS in_window,
           count(*) FILTER (WHERE occurred_at < ${dayStart(o.windowFrom, o.timeZone)}) AS in_baseline
    FROM activities
    WHERE occurred_at >= ${dayStart(o.baselineFrom, o.timeZone)} AND occurred_at < ${dayStart(o.toDay, o.timeZone)} + interval '1 day'
      AND archived_at IS NULL
    GROUP BY employee_id`.execute(db);
  return rows;
}

/** Orders placed by the clients each employee currently serves (any current account-team seat), in the same two periods. */
export async function clientOrderCounts(db: Kysely<DB>, o: { baselineFrom: string; windowFrom: string; toDay: string }) {
  const { rows } = await sql<ActivityCounts>`
    SELECT t.employee_id,
           count(DISTINCT o.id) FILTER (WHERE o.ordered_on >= ${o.windowFrom}::date) AS in_window,
           count(DISTINCT o.id) FILTER (WHERE o.ordered_on < ${o.windowFrom}::date) AS in_baseline
    FROM account_team t
    JOIN orders o ON o.company_id = t.company_id
    WHERE t.until IS NULL
      AND o.ordered_on BETWEEN ${o.baselineFrom}::date AND ${o.toDay}::date
      AND o.status <> 'cancelled' AND o.archived_at IS NULL
    GROUP BY t.employee_id`.execute(db);
  return rows;
}

/** Who is told about an alert: active directors and heads of sales, never the subject themselves. */
export const alertRecipients = (db: Kysely<DB>, { subjectId }: { subjectId: number }) =>
  db
    .selectFrom('employees')
    .select(['id', 'name'])
    .where('role', 'in', ['director', 'head_of_sales'])
    .where('status', 'in', ['active', 'on_leave'])
    .where('archived_at', 'is', null)
    .where('id', '<>', subjectId)
    .orderBy('id')
    .execute();
