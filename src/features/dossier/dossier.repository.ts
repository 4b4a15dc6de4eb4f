import { type Kysely, sql } from 'kysely';
import { PREPARED_MARK } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { appendReadEntrySql, type PreparedEntry } from '../audit/audit.repository.js';
import { lookupVisibleTo } from '../search/search.access.js';

// Everything an operator needs on an incoming call in one statement (one round trip): each part
// is a small subquery over an index on company_id, bounded by a LIMIT, returned as JSON.
export type EmployeeJson = { id: number; name: string; role: string; status: string; manager_id?: number | null };
export type ContactJson = { id: number; name: string; position: string | null; is_decision_maker: boolean; phones: string[]; emails: string[] };
export type DossierRow = {
  id: number;
  name: string;
  legal_name: string | null;
  inn: string | null;
  status: string;
  tags: string[];
  archived_at: Date | null;
  on_team: boolean;
  owner: EmployeeJson | null;
  team: (EmployeeJson & { seat: string; since: string })[];
  heads: EmployeeJson[];
  caller: ContactJson | null;
  contacts: ContactJson[];
  deals: { id: number; title: string; stage: string; amount: string; expected_close: string | null; owner_name: string | null }[];
  orders: { id: number; number: string; ordered_on: string; status: string; total: string }[];
  interactions: { id: number; type: string; occurred_at: string; direction: string | null; summary: string; employee_name: string; contact_name: string | null }[];
  tasks: { id: number; title: string; due_at: string | null; assignee_name: string }[];
  revenue_12m: string;
  audited: boolean;
};

const CONTACT_JSON = sql`json_build_object('id', ct.id, 'name', ct.name, 'position', ct.position, 'is_decision_maker', ct.is_decision_maker, 'phones', ct.phones, 'emails', ct.emails)`;

// audit: the out-of-portfolio read record, appended by the same statement when the actor holds no
// seat on the client (and the read succeeds), so the read and its audit are one round trip.
export type DossierOptions = { actor: Actor; companyId: number; contactId: number | null; phone: string | null; listLimit: number; audit: PreparedEntry | null };

export async function loadDossier(db: Kysely<DB>, o: DossierOptions) {
  const { rows } = await dossierStatement(o).execute(db);
  return rows[0];
}

export function dossierStatement(o: DossierOptions) {
  const callerMatch = o.contactId !== null ? sql`ct.id = ${o.contactId}` : o.phone !== null ? sql`ct.phones @> array[${o.phone}]::text[]` : sql`false`;
  // The dossier is a materialized CTE, read before the audit append takes the chain's lock, so the
  // lock is held only for the insert and the commit.
  const audit = o.audit
    ? sql`(select ${appendReadEntrySql(o.audit)} where not d.on_team${o.contactId !== null ? sql` and d.caller is not null` : sql``}) is not null`
    : sql`false`;
  // Prepared (see PREPARED_MARK): its planning cost more than running it; every value is a parameter.
  return sql<DossierRow>`${sql.raw(PREPARED_MARK)}
    with d as materialized (
    select c.id, c.name, c.legal_name, c.inn, c.status, c.tags, c.archived_at,
      exists (select 1 from account_team t where t.company_id = c.id and t.employee_id = ${o.actor.id} and t.until is null) as on_team,
      (select json_build_object('id', e.id, 'name', e.name, 'role', e.role, 'status', e.status, 'manager_id', e.manager_id)
         from employees e where e.id = c.owner_id) as owner,
      coalesce((select json_agg(json_build_object('id', e.id, 'name', e.name, 'role', e.role, 'status', e.status, 'seat', t.role, 'since', t.since) order by t.since, t.id)
         from account_team t join employees e on e.id = t.employee_id where t.company_id = c.id and t.until is null), '[]') as team,
      coalesce((select json_agg(json_build_object('id', h.id, 'name', h.name, 'role', h.role, 'status', h.status) order by h.id)
         from (select * from employees e where e.role = 'head_of_sales' and e.archived_at is null and e.status in ('active', 'departing') order by e.id limit 10) h), '[]') as heads,
      (select ${CONTACT_JSON} from contacts ct where ct.company_id = c.id and ${callerMatch} and ct.archived_at is null order by ct.id limit 1) as caller,
      coalesce((select json_agg(${CONTACT_JSON} order by ct.is_decision_maker desc, ct.name, ct.id)
         from (select * from contacts x where x.company_id = c.id and x.archived_at is null order by x.is_decision_maker desc, x.name, x.id limit ${o.listLimit}) ct), '[]') as contacts,
      coalesce((select json_agg(json_build_object('id', d.id, 'title', d.title, 'stage', s.name, 'amount', d.amount::text, 'expected_close', d.expected_close, 'owner_name', e.name)
           order by d.expected_close nulls last, d.id)
         from (select * from deals d where d.company_id = c.id and d.closed_at is null and d.archived_at is null order by d.expected_close nulls last, d.id limit ${o.listLimit}) d
         join pipeline_stages s on s.id = d.stage_id and s.kind = 'open' left join employees e on e.id = d.owner_id), '[]') as deals,
      coalesce((select json_agg(json_build_object('id', x.id, 'number', x.number, 'ordered_on', x.ordered_on, 'status', x.status, 'total', x.total::text) order by x.ordered_on desc, x.id desc)
         from (select * from orders x where x.company_id = c.id and x.status in ('draft', 'confirmed', 'shipped') and x.archived_at is null
               order by x.ordered_on desc, x.id desc limit ${o.listLimit}) x), '[]') as orders,
      coalesce((select json_agg(json_build_object('id', a.id, 'type', a.type, 'occurred_at', a.occurred_at, 'direction', a.direction, 'summary', left(a.summary, 500),
             'employee_name', e.name, 'contact_name', ct.name) order by a.occurred_at desc, a.id desc)
         from (select * from activities a where a.company_id = c.id and a.archived_at is null order by a.occurred_at desc, a.id desc limit 5) a
         join employees e on e.id = a.employee_id left join contacts ct on ct.id = a.contact_id), '[]') as interactions,
      coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title, 'due_at', t.due_at, 'assignee_name', e.name) order by t.due_at nulls last, t.id)
         from (select * from tasks t where t.company_id = c.id and t.status = 'open' and t.archived_at is null order by t.due_at nulls last, t.id limit ${o.listLimit}) t
         join employees e on e.id = t.assignee_id), '[]') as tasks,
      (select coalesce(sum(x.total), 0)::text from orders x
         where x.company_id = c.id and x.status in ('confirmed', 'shipped', 'completed') and x.archived_at is null
           and x.ordered_on > current_date - interval '12 months') as revenue_12m
    from companies c
    where c.id = ${o.companyId} and ${lookupVisibleTo(o.actor, 'c.id')}
    )
    select d.*, ${audit} as audited from d`;
}
