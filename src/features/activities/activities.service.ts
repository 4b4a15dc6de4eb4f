import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { forbidden, invalidField, notFound } from '../../domain/errors.js';
import { assertCompanyReference } from '../access/access.service.js';
import type { Activity, ActivityCreate, ActivityListQuery, ActivityUpdate } from './activities.schema.js';
import * as repo from './activities.repository.js';

export function toActivityDto(row: repo.ActivityRow): Activity {
  return {
    id: row.id,
    type: row.type as Activity['type'],
    employeeId: row.employee_id,
    employeeName: row.employee_name,
    companyId: row.company_id,
    companyName: row.company_name,
    contactId: row.contact_id,
    contactName: row.contact_name,
    occurredAt: row.occurred_at.toISOString(),
    direction: row.direction as Activity['direction'],
    summary: row.summary,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function assertEmployee(ctx: AppContext, actor: Actor, employeeId: number) {
  // Attributing work to a colleague changes whose record it is, so only management may do it.
  if (employeeId !== actor.id && !isManagement(actor)) throw forbidden('Only management can log an activity on behalf of someone else');
  if (!(await repo.employeeExists(ctx.db, { id: employeeId }))) throw invalidField('employeeId', `no employee ${employeeId}`);
}

async function assertContactOfCompany(ctx: AppContext, contactId: number, companyId: number) {
  const contact = await repo.findContact(ctx.db, { id: contactId });
  if (contact?.company_id !== companyId) throw invalidField('contactId', `no contact ${contactId} at company ${companyId}`);
}

async function loadEditable(ctx: AppContext, actor: Actor, id: number) {
  const row = await repo.findActivity(ctx.db, { id, actor });
  if (!row) throw notFound('Activity', id);
  if (row.employee_id !== actor.id && !isManagement(actor)) throw forbidden('Only the author or management can change this activity');
  return row;
}

export async function listActivities(ctx: AppContext, actor: Actor, query: ActivityListQuery) {
  const page = await repo.listActivities(ctx.db, { ...query, actor });
  return { items: page.items.map(toActivityDto), nextCursor: page.nextCursor };
}

export async function getActivity(ctx: AppContext, actor: Actor, id: number): Promise<Activity> {
  const row = await repo.findActivity(ctx.db, { id, actor });
  if (!row) throw notFound('Activity', id);
  return toActivityDto(row);
}

export async function createActivity(ctx: AppContext, actor: Actor, input: ActivityCreate): Promise<Activity> {
  const employeeId = input.employeeId ?? actor.id;
  await assertEmployee(ctx, actor, employeeId);
  await assertCompanyReference(ctx.db, actor, input.companyId);
  if (input.contactId) await assertContactOfCompany(ctx, input.contactId, input.companyId);
  const { id } = await repo.insertActivity(ctx.db, {
    values: {
      type: input.type,
      employee_id: employeeId,
      company_id: input.companyId,
      contact_id: input.contactId ?? null,
      occurred_at: input.occurredAt ? new Date(input.occurredAt) : new Date(),
      direction: input.direction ?? null,
      summary: input.summary,
    },
  });
  return getActivity(ctx, actor, id);
}

export async function updateActivity(ctx: AppContext, actor: Actor, id: number, input: ActivityUpdate): Promise<Activity> {
  const current = await loadEditable(ctx, actor, id);
  if (input.employeeId !== undefined && input.employeeId !== current.employee_id) await assertEmployee(ctx, actor, input.employeeId);
  const companyId = input.companyId ?? current.company_id;
  if (companyId !== current.company_id) await assertCompanyReference(ctx.db, actor, companyId);
  // The contact must still belong to the company after the change, whichever of the two moved.
  const contactId = input.contactId !== undefined ? input.contactId : current.contact_id;
  if (contactId && (contactId !== current.contact_id || companyId !== current.company_id)) await assertContactOfCompany(ctx, contactId, companyId);
  const values: repo.ActivityValues = {};
  if (input.type !== undefined) values.type = input.type;
  if (input.employeeId !== undefined) values.employee_id = input.employeeId;
  if (input.companyId !== undefined) values.company_id = input.companyId;
  if (input.contactId !== undefined) values.contact_id = input.contactId;
  if (input.occurredAt !== undefined) values.occurred_at = new Date(input.occurredAt);
  if (input.direction !== undefined) values.direction = input.direction;
  if (input.summary !== undefined) values.summary = input.summary;
  await repo.updateActivity(ctx.db, { id, values });
  return getActivity(ctx, actor, id);
}

export async function setActivityArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Activity> {
  await loadEditable(ctx, actor, id);
  await repo.updateActivity(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getActivity(ctx, actor, id);
}
