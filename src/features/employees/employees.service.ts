import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { DomainError, forbidden, invalidField, notFound } from '../../domain/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { revokeAllCredentials } from '../auth/auth.repository.js';
import { hashPassword } from '../auth/password.js';
import * as repo from './employees.repository.js';
import {
  type Employee,
  type EmployeeDetail,
  type EmployeeListQuery,
  type EmployeeUpdate,
  employeeCreate,
  type StatusChange,
} from './employees.schema.js';

export function toEmployeeDto(row: repo.EmployeeRow): Employee {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as Employee['role'],
    status: row.status as Employee['status'],
    hiredOn: row.hired_on,
    managerId: row.manager_id,
    managerName: row.manager_name,
    hasPassword: row.has_password,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// The CLI calls services without Fastify's validation in front, so they check their own input.
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ field: i.path.join('.') || 'input', message: i.message }));
  throw new DomainError('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

const assertManagement = (actor: Actor) => {
  if (!isManagement(actor)) throw forbidden('Only management can change employees');
};

async function assertManagerAllowed(db: Kysely<DB>, { employeeId, managerId }: { employeeId: number | null; managerId: number }) {
  if (managerId === employeeId) throw invalidField('managerId', 'an employee cannot be their own manager');
  if (!(await repo.findEmployee(db, { id: managerId }))) throw invalidField('managerId', `no employee ${managerId}`);
  if (employeeId !== null && (await repo.isInManagementChain(db, { employeeId, managerId }))) {
    throw invalidField('managerId', `employee ${managerId} already reports to this employee; that would make a cycle`);
  }
}

export async function listEmployees(ctx: AppContext, query: EmployeeListQuery) {
  const page = await repo.listEmployees(ctx.db, query);
  return { items: page.items.map(toEmployeeDto), nextCursor: page.nextCursor };
}

export async function getEmployee(ctx: AppContext, id: number): Promise<EmployeeDetail> {
  const row = await repo.findEmployee(ctx.db, { id });
  if (!row) throw notFound('Employee', id);
  const reports = await repo.listReports(ctx.db, { managerId: id });
  return { ...toEmployeeDto(row), reports };
}

export type NewEmployee = { name: string; email: string; role: string; password?: string; hiredOn?: string; managerId?: number | null };

/** Adds an employee; used by the API (through addEmployee) and by the CLI, which has no actor. */
export async function createEmployee(ctx: AppContext, input: NewEmployee, options: { changedBy?: number } = {}): Promise<EmployeeDetail> {
  const data = parseInput(employeeCreate, input);
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (data.managerId) await assertManagerAllowed(trx, { employeeId: null, managerId: data.managerId });
    const row = await repo.insertEmployee(trx, {
      values: { name: data.name, email: data.email, role: data.role, hired_on: data.hiredOn, manager_id: data.managerId ?? null, password_hash: passwordHash },
    });
    // The first history row records the status the employee started with.
    await repo.insertStatusChange(trx, { employeeId: row.id, fromStatus: null, toStatus: row.status, changedBy: options.changedBy ?? null });
    await appendAudit(trx, { actorId: options.changedBy ?? null, action: 'employee.create', entity: 'employee', entityId: row.id, details: { role: data.role, managerId: data.managerId ?? null } });
    return row.id;
  });
  return getEmployee(ctx, id);
}

export async function addEmployee(ctx: AppContext, actor: Actor, input: NewEmployee): Promise<EmployeeDetail> {
  assertManagement(actor);
  return createEmployee(ctx, input, { changedBy: actor.id });
}

export async function updateEmployee(ctx: AppContext, actor: Actor, id: number, input: EmployeeUpdate): Promise<EmployeeDetail> {
  assertManagement(actor);
  if (input.status === 'departed' && id === actor.id) throw forbidden('You cannot mark yourself as departed; ask another manager');
  // Hash outside the transaction: scrypt is slow and the row lock should be short.
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findEmployee(trx, { id, forUpdate: true });
    if (!current) throw notFound('Employee', id);
    if (input.managerId) await assertManagerAllowed(trx, { employeeId: id, managerId: input.managerId });
    const values: repo.EmployeeValues = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.email !== undefined) values.email = input.email;
    if (input.role !== undefined) values.role = input.role;
    if (input.status !== undefined) values.status = input.status;
    if (input.hiredOn !== undefined) values.hired_on = input.hiredOn;
    if (input.managerId !== undefined) values.manager_id = input.managerId;
    if (passwordHash !== undefined) values.password_hash = passwordHash;
    await repo.updateEmployee(trx, { id, values });
    if (input.status !== undefined && input.status !== current.status) {
      await repo.insertStatusChange(trx, { employeeId: id, fromStatus: current.status, toStatus: input.status, changedBy: actor.id });
      // A departed employee's credentials die with the status change, not at their next login.
      if (input.status === 'departed') await revokeAllCredentials(trx, { employeeId: id });
      await appendAudit(trx, { actorId: actor.id, action: 'employee.status_change', entity: 'employee', entityId: id, details: { from: current.status, to: input.status } });
    }
    // Role and manager decide what an employee sees (role policy, 'team' scope): both are audited.
    if (input.role !== undefined && input.role !== current.role) {
      await appendAudit(trx, { actorId: actor.id, action: 'employee.role_change', entity: 'employee', entityId: id, details: { from: current.role, to: input.role } });
    }
    if (input.managerId !== undefined && input.managerId !== current.manager_id) {
      await appendAudit(trx, { actorId: actor.id, action: 'employee.manager_change', entity: 'employee', entityId: id, details: { from: current.manager_id, to: input.managerId } });
    }
  });
  return getEmployee(ctx, id);
}

export async function setEmployeeArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<EmployeeDetail> {
  assertManagement(actor);
  if (archived && id === actor.id) throw forbidden('You cannot archive yourself; ask another manager');
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await repo.updateEmployee(trx, { id, values: { archived_at: archived ? new Date() : null } });
    if (!updated) throw notFound('Employee', id);
    await appendAudit(trx, { actorId: actor.id, action: archived ? 'employee.archive' : 'employee.restore', entity: 'employee', entityId: id });
  });
  return getEmployee(ctx, id);
}

export async function getStatusHistory(ctx: AppContext, id: number): Promise<StatusChange[]> {
  if (!(await repo.findEmployee(ctx.db, { id }))) throw notFound('Employee', id);
  const rows = await repo.listStatusHistory(ctx.db, { employeeId: id });
  return rows.map((r) => ({
    id: r.id,
    fromStatus: r.from_status as StatusChange['fromStatus'],
    toStatus: r.to_status as StatusChange['toStatus'],
    changedBy: r.changed_by,
    changedByName: r.changed_by_name,
    changedAt: r.changed_at.toISOString(),
  }));
}
