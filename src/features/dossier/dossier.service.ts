import type { AppContext } from '../../app-context.js';
import type { Actor, EmployeeStatus, Role } from '../../domain/actor.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { maskContactFields } from '../../domain/masking.js';
import { normalisePhone } from '../../domain/phone.js';
import { cardReadAudit } from '../access/access.service.js';
import * as repo from './dossier.repository.js';
import { routeCall } from './dossier.routing.js';
import type { Dossier, DossierEmployee, DossierQuery } from './dossier.schema.js';

const LIST_LIMIT = 20;
const iso = (v: string | Date) => new Date(v).toISOString();

const toEmployee = (e: repo.EmployeeJson): DossierEmployee => ({ id: e.id, name: e.name, role: e.role as Role, status: e.status as EmployeeStatus });

export async function getDossier(ctx: AppContext, actor: Actor, companyId: number, query: DossierQuery): Promise<Dossier> {
  let phone: string | null = null;
  if (query.phone !== undefined && query.contactId === undefined) {
    phone = normalisePhone(query.phone);
    if (!phone) throw invalidField('phone', 'is not a phone number we can read');
  }
  // The read audits itself (out of portfolio) in the same statement: one round trip.
  const audit = cardReadAudit(actor, companyId, 'dossier');
  const row = await repo.loadDossier(ctx.db, { actor, companyId, contactId: query.contactId ?? null, phone, listLimit: LIST_LIMIT, audit });
  if (!row) throw notFound('Company', companyId);
  if (query.contactId !== undefined && !row.caller) throw invalidField('contactId', `no contact ${query.contactId} at this company`);

  // Client phone numbers and emails are masked as the role's policy says (domain, item 10).
  const contact = (c: repo.ContactJson) => ({
    id: c.id,
    name: c.name,
    position: c.position,
    isDecisionMaker: c.is_decision_maker,
    ...maskContactFields(actor, { phones: c.phones, emails: c.emails }),
  });
  const route = routeCall({ owner: row.owner, team: row.team, heads: row.heads });
  return {
    company: { id: row.id, name: row.name, legalName: row.legal_name, inn: row.inn, status: row.status, tags: row.tags, archivedAt: row.archived_at?.toISOString() ?? null },
    caller: row.caller ? contact(row.caller) : null,
    contacts: row.contacts.map(contact),
    owner: row.owner ? toEmployee(row.owner) : null,
    routeTo: { employee: route.employee ? toEmployee(route.employee) : null, reason: route.reason },
    accountTeam: row.team.map((t) => ({ ...toEmployee(t), seat: t.seat, since: iso(t.since) })),
    openDeals: row.deals.map((d) => ({ id: d.id, title: d.title, stage: d.stage, amount: d.amount, expectedClose: d.expected_close, ownerName: d.owner_name })),
    openOrders: row.orders.map((o) => ({ id: o.id, number: o.number, orderedOn: o.ordered_on, status: o.status, total: o.total })),
    lastInteractions: row.interactions.map((a) => ({
      id: a.id,
      type: a.type,
      occurredAt: iso(a.occurred_at),
      direction: a.direction,
      summary: a.summary,
      employeeName: a.employee_name,
      contactName: a.contact_name,
    })),
    openTasks: row.tasks.map((t) => ({ id: t.id, title: t.title, dueAt: t.due_at ? iso(t.due_at) : null, assigneeName: t.assignee_name })),
    revenue12m: row.revenue_12m,
  };
}
