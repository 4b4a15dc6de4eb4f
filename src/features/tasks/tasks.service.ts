import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import { canSeeCompany } from '../access/access.repository.js';
import { assertCompanyReference } from '../access/access.service.js';
import type { MyDayQuery, Task, TaskCreate, TaskListQuery, TaskUpdate } from './tasks.schema.js';
import * as repo from './tasks.repository.js';

export function toTaskDto(row: repo.TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    dueAt: row.due_at?.toISOString() ?? null,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    companyId: row.company_id,
    companyName: row.company_name,
    dealId: row.deal_id,
    dealTitle: row.deal_title,
    status: row.status as Task['status'],
    origin: row.origin as Task['origin'],
    result: row.result,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

type Links = { companyId: number | null; dealId: number | null };

// Checks the company and deal a task points at; a deal alone brings its company along, so
// the task stays visible to that client's team.
async function checkLinks(ctx: AppContext, actor: Actor, next: Links, before: Links, companyGiven: boolean): Promise<Links> {
  const { companyId, dealId } = next;
  if (companyId !== null && companyId !== before.companyId) await assertCompanyReference(ctx.db, actor, companyId);
  if (dealId === null || (dealId === before.dealId && companyId === before.companyId)) return next;
  const deal = await repo.findDeal(ctx.db, { id: dealId });
  if (!deal || !(await canSeeCompany(ctx.db, actor, deal.company_id))) throw invalidField('dealId', `no deal ${dealId} that you can access`);
  if (companyId === null) {
    if (companyGiven) throw invalidField('companyId', 'cannot be empty while the task is linked to a deal');
    return { companyId: deal.company_id, dealId };
  }
  if (deal.company_id !== companyId) throw invalidField('dealId', `deal ${dealId} belongs to another company`);
  return next;
}

async function assertAssignable(ctx: AppContext, assigneeId: number) {
  if (!(await repo.findAssignable(ctx.db, { id: assigneeId }))) throw invalidField('assigneeId', `no active employee ${assigneeId}`);
}

async function loadVisible(ctx: AppContext, actor: Actor, id: number) {
  const row = await repo.findTask(ctx.db, { id, actor });
  if (!row) throw notFound('Task', id);
  return row;
}

export async function listTasks(ctx: AppContext, actor: Actor, query: TaskListQuery) {
  const page = await repo.listTasks(ctx.db, { ...query, actor });
  return { items: page.items.map(toTaskDto), nextCursor: page.nextCursor };
}

/** "My day": my open tasks due today or earlier, soonest first, then the undated ones. */
export async function myDay(ctx: AppContext, actor: Actor, query: MyDayQuery) {
  const page = await repo.listTasks(ctx.db, {
    ...query,
    actor,
    assigneeId: actor.id,
    status: 'open',
    due: 'my_day',
    includeArchived: false,
    sort: 'dueAt',
    dir: 'asc',
  });
  return { items: page.items.map(toTaskDto), nextCursor: page.nextCursor };
}

export async function getTask(ctx: AppContext, actor: Actor, id: number): Promise<Task> {
  return toTaskDto(await loadVisible(ctx, actor, id));
}

export async function createTask(ctx: AppContext, actor: Actor, input: TaskCreate): Promise<Task> {
  const assigneeId = input.assigneeId ?? actor.id;
  await assertAssignable(ctx, assigneeId);
  const links = await checkLinks(
    ctx,
    actor,
    { companyId: input.companyId ?? null, dealId: input.dealId ?? null },
    { companyId: null, dealId: null },
    input.companyId !== undefined,
  );
  const { id } = await repo.insertTask(ctx.db, {
    values: {
      title: input.title,
      due_at: input.dueAt ? new Date(input.dueAt) : null,
      assignee_id: assigneeId,
      company_id: links.companyId,
      deal_id: links.dealId,
      origin: input.origin,
      created_by: actor.id,
    },
  });
  return getTask(ctx, actor, id);
}

export async function updateTask(ctx: AppContext, actor: Actor, id: number, input: TaskUpdate): Promise<Task> {
  const current = await loadVisible(ctx, actor, id);
  if (input.assigneeId !== undefined && input.assigneeId !== current.assignee_id) await assertAssignable(ctx, input.assigneeId);
  const before = { companyId: current.company_id, dealId: current.deal_id };
  const links = await checkLinks(
    ctx,
    actor,
    { companyId: input.companyId !== undefined ? input.companyId : before.companyId, dealId: input.dealId !== undefined ? input.dealId : before.dealId },
    before,
    input.companyId !== undefined,
  );
  const values: repo.TaskValues = { company_id: links.companyId, deal_id: links.dealId };
  if (input.title !== undefined) values.title = input.title;
  if (input.dueAt !== undefined) values.due_at = input.dueAt ? new Date(input.dueAt) : null;
  if (input.assigneeId !== undefined) values.assignee_id = input.assigneeId;
  await repo.updateTask(ctx.db, { id, values });
  return getTask(ctx, actor, id);
}

export async function closeTask(ctx: AppContext, actor: Actor, id: number, close: { status: 'done' | 'cancelled'; result: string | null }) {
  const current = await loadVisible(ctx, actor, id);
  // The update itself checks the task is still open, so two people cannot both close it.
  const closed = await repo.closeTask(ctx.db, { id, ...close });
  if (!closed) throw new DomainError('conflict', `Task ${id} is already ${current.status === 'open' ? 'closed' : current.status}`);
  return getTask(ctx, actor, id);
}

export async function setTaskArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Task> {
  await loadVisible(ctx, actor, id);
  await repo.updateTask(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getTask(ctx, actor, id);
}
