import { type Kysely, sql, type Updateable } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB, HandoversTable } from '../../db/schema.js';

// Reads and small writes of handovers, their items and messages, and the settings row.

export const getSettings = (db: Kysely<DB>) => db.selectFrom('handover_settings').selectAll().executeTakeFirstOrThrow();
export type SettingsRow = Awaited<ReturnType<typeof getSettings>>;

export const updateSettings = (db: Kysely<DB>, { values }: { values: Partial<Omit<SettingsRow, 'id' | 'updated_at'>> }) =>
  db.updateTable('handover_settings').set({ ...values, updated_at: new Date() }).execute();

function selectHandovers(db: Kysely<DB>) {
  return db
    .selectFrom('handovers')
    .innerJoin('employees as e', 'e.id', 'handovers.employee_id')
    .selectAll('handovers')
    .select(['e.name as employee_name', 'e.email as employee_email', 'e.status as employee_status']);
}
export type HandoverRow = Awaited<ReturnType<ReturnType<typeof selectHandovers>['executeTakeFirstOrThrow']>>;

export const findHandover = (db: Kysely<DB>, { id, forUpdate = false }: { id: number; forUpdate?: boolean }) => {
  const qb = selectHandovers(db).where('handovers.id', '=', id);
  return (forUpdate ? qb.forUpdate('handovers') : qb).executeTakeFirst();
};

export type HandoverFilter = { employeeId?: number | undefined; status?: string | undefined; kind?: string | undefined };
export function listHandovers(db: Kysely<DB>, options: HandoverFilter & PageRequest) {
  let qb = selectHandovers(db);
  if (options.employeeId !== undefined) qb = qb.where('handovers.employee_id', '=', options.employeeId);
  if (options.status) qb = qb.where('handovers.status', '=', options.status);
  if (options.kind) qb = qb.where('handovers.kind', '=', options.kind);
  return fetchPage(qb, { ...options, sortColumn: 'handovers.id', idColumn: 'handovers.id' });
}

export type NewHandover = {
  kind: string;
  employee_id: number;
  reason: string | null;
  to_competitor: boolean;
  last_day: string | null;
  absent_from: string | null;
  absent_to: string | null;
  first_day: string;
  successor_pool: number[];
  call_script: string;
  retention_offer: string;
  credit_share_pct: string | null;
  credit_months: number | null;
  created_by: number;
};
export const insertHandover = (db: Kysely<DB>, { values }: { values: NewHandover }) =>
  db.insertInto('handovers').values(values).returning('id').executeTakeFirstOrThrow();

export type HandoverValues = Partial<Omit<Updateable<HandoversTable>, 'id' | 'updated_at'>>;
export const updateHandover = (db: Kysely<DB>, { id, values }: { id: number; values: HandoverValues }) =>
  db.updateTable('handovers').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();

/** The employees a plan may hand things to, with what the rules need to know about them. */
export const findCandidates = (db: Kysely<DB>, { ids }: { ids: number[] }) =>
  db
    .selectFrom('employees')
    .select(['id', 'name', 'role', 'hired_on', 'status', 'archived_at'])
    .where('id', '=', sql<number>`any(${ids}::int[])`)
    .orderBy('id')
    .execute();

/** The default pool: every active account and key-account manager except the person leaving. */
export const defaultPool = async (db: Kysely<DB>, { exceptId }: { exceptId: number }) =>
  (
    await db
      .selectFrom('employees')
      .select('id')
      .where('role', 'in', ['account_manager', 'key_account_manager'])
      .where('status', '=', 'active')
      .where('archived_at', 'is', null)
      .where('id', '<>', exceptId)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);

function selectItems(db: Kysely<DB>) {
  return db
    .selectFrom('handover_items as i')
    .leftJoin('companies as c', 'c.id', 'i.company_id')
    .leftJoin('employees as s', 's.id', 'i.successor_id')
    .selectAll('i')
    .select(['c.name as company_name', 's.name as successor_name'])
    .select(
      sql<string | null>`case i.kind
        when 'client' then c.name
        when 'deal' then (select d.title from deals d where d.id = i.entity_id)
        when 'task' then (select t.title from tasks t where t.id = i.entity_id)
        when 'order' then (select o.number from orders o where o.id = i.entity_id)
        else i.seat_role end`.as('title'),
    );
}
export type ItemRow = Awaited<ReturnType<ReturnType<typeof selectItems>['executeTakeFirstOrThrow']>>;

export type ItemFilter = { handoverId: number; kind?: string | undefined; status?: string | undefined; successorId?: number | undefined; companyId?: number | undefined; abc?: string | undefined };
export function listItems(db: Kysely<DB>, options: ItemFilter & PageRequest) {
  let qb = selectItems(db).where('i.handover_id', '=', options.handoverId);
  if (options.kind) qb = qb.where('i.kind', '=', options.kind);
  if (options.status) qb = qb.where('i.status', '=', options.status);
  if (options.successorId !== undefined) qb = qb.where('i.successor_id', '=', options.successorId);
  if (options.companyId !== undefined) qb = qb.where('i.company_id', '=', options.companyId);
  if (options.abc) qb = qb.where('i.abc', '=', options.abc);
  return fetchPage(qb, { ...options, sortColumn: 'i.id', idColumn: 'i.id' });
}

export const findItems = (db: Kysely<DB>, { handoverId, ids }: { handoverId: number; ids: number[] }) =>
  db.selectFrom('handover_items').selectAll().where('handover_id', '=', handoverId).where('id', '=', sql<number>`any(${ids}::bigint[])`).execute();

/** Reassigns one item by hand; for a client, everything that follows it moves along. */
export async function reassignItem(
  db: Kysely<DB>,
  o: { handoverId: number; itemId: number; successorId: number; reason: string; reasonCode: string; reasonParams: Record<string, unknown>; note: string | null; cascadeCompanyId: number | null },
) {
  await db
    .updateTable('handover_items')
    .set({ successor_id: o.successorId, reason: o.reason, reason_code: o.reasonCode, reason_params: JSON.stringify(o.reasonParams), note: o.note, follows_client: false })
    .where('id', '=', o.itemId)
    .execute();
  if (o.cascadeCompanyId === null) return;
  await db
    .updateTable('handover_items')
    .set({ successor_id: o.successorId })
    .where('handover_id', '=', o.handoverId)
    .where('company_id', '=', o.cascadeCompanyId)
    .where('follows_client', '=', true)
    .execute();
}

/** Items by kind and status, for the plan's header. */
export const countItems = (db: Kysely<DB>, { handoverId }: { handoverId: number }) =>
  db
    .selectFrom('handover_items')
    .select(['kind', 'status', sql<number>`count(*)::int`.as('n'), sql<number>`count(*) filter (where successor_id is null)::int`.as('unassigned')])
    .where('handover_id', '=', handoverId)
    .groupBy(['kind', 'status'])
    .execute();

/** What each successor takes over, one row per successor in the plan. */
export const successorLoads = (db: Kysely<DB>, { handoverId }: { handoverId: number }) =>
  sql<{
    successor_id: number;
    name: string;
    hired_on: string;
    clients: number;
    a_clients: number;
    revenue: string;
    deals: number;
    tasks: number;
    orders: number;
    seats: number;
  }>`
    select i.successor_id, e.name, e.hired_on,
      count(*) filter (where i.kind = 'client')::int as clients,
      count(*) filter (where i.kind = 'client' and i.abc = 'A')::int as a_clients,
      coalesce(sum(i.revenue) filter (where i.kind = 'client'), 0)::numeric(15,2)::text as revenue,
      count(*) filter (where i.kind = 'deal')::int as deals,
      count(*) filter (where i.kind = 'task')::int as tasks,
      count(*) filter (where i.kind = 'order')::int as orders,
      count(*) filter (where i.kind = 'seat')::int as seats
    from handover_items i join employees e on e.id = i.successor_id
    where i.handover_id = ${handoverId} and i.status in ('planned', 'done')
    group by i.successor_id, e.name, e.hired_on
    order by i.successor_id`.execute(db);

function selectMessages(db: Kysely<DB>) {
  return db.selectFrom('handover_messages as m').innerJoin('companies as c', 'c.id', 'm.company_id').selectAll('m').select('c.name as company_name');
}
export type MessageRow = Awaited<ReturnType<ReturnType<typeof selectMessages>['executeTakeFirstOrThrow']>>;

export type MessageFilter = { handoverId: number; status?: string | undefined; channel?: string | undefined; successorId?: number | undefined };
export function listMessages(db: Kysely<DB>, options: MessageFilter & PageRequest) {
  let qb = selectMessages(db).where('m.handover_id', '=', options.handoverId);
  if (options.status) qb = qb.where('m.status', '=', options.status);
  if (options.channel) qb = qb.where('m.channel', '=', options.channel);
  if (options.successorId !== undefined) qb = qb.where('m.successor_id', '=', options.successorId);
  return fetchPage(qb, { ...options, sortColumn: 'm.id', idColumn: 'm.id' });
}

export const findMessage = (db: Kysely<DB>, { handoverId, id }: { handoverId: number; id: number }) =>
  selectMessages(db).where('m.handover_id', '=', handoverId).where('m.id', '=', id).executeTakeFirst();

export const updateMessage = (db: Kysely<DB>, { id, status, note }: { id: number; status: string; note: string | null | undefined }) =>
  db
    .updateTable('handover_messages')
    .set({
      status,
      ...(note !== undefined ? { note } : {}),
      sent_at: sql<Date>`case when ${status}::text in ('sent', 'reached') then coalesce(sent_at, now()) else sent_at end`,
      reached_at: sql<Date | null>`case when ${status}::text = 'reached' then coalesce(reached_at, now()) else null end`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
