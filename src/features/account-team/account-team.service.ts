import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { DomainError, forbidden, invalidField, notFound } from '../../domain/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import type { Seat, SeatCreate, SeatRole, TeamQuery } from './account-team.schema.js';
import * as repo from './account-team.repository.js';

export function toSeatDto(row: repo.SeatRow): Seat {
  return {
    id: row.id,
    companyId: row.company_id,
    employeeId: row.employee_id,
    employeeName: row.employee_name,
    employeeStatus: row.employee_status as Seat['employeeStatus'],
    role: row.role as SeatRole,
    since: row.since.toISOString(),
    until: row.until?.toISOString() ?? null,
  };
}

// Management arranges teams; a client's owner may bring in a backup or service colleague (so
// nobody is the only one who knows the client) but cannot hand out ownership or hunter seats.
const OWNER_MAY_MANAGE: readonly SeatRole[] = ['backup', 'service'];

export function mayChangeSeat(actor: Actor, company: { owner_id: number | null }, role: SeatRole): boolean {
  if (isManagement(actor)) return true;
  return company.owner_id === actor.id && OWNER_MAY_MANAGE.includes(role);
}

async function loadCompany(ctx: AppContext, actor: Actor, companyId: number) {
  const company = await repo.findTeamCompany(ctx.db, { id: companyId, actor });
  if (!company) throw notFound('Company', companyId);
  return company;
}

async function getSeat(ctx: AppContext, seatId: number): Promise<Seat> {
  const row = await repo.findSeatView(ctx.db, { id: seatId });
  if (!row) throw notFound('Seat', seatId);
  return toSeatDto(row);
}

export async function listTeam(ctx: AppContext, actor: Actor, companyId: number, query: TeamQuery) {
  await loadCompany(ctx, actor, companyId);
  const rows = await repo.listTeam(ctx.db, { companyId, includeHistory: query.includeHistory });
  return { items: rows.map(toSeatDto) };
}

export async function addSeat(ctx: AppContext, actor: Actor, companyId: number, input: SeatCreate): Promise<Seat> {
  const company = await loadCompany(ctx, actor, companyId);
  if (!mayChangeSeat(actor, company, input.role)) {
    throw forbidden(company.owner_id === actor.id ? `The owner may add only ${OWNER_MAY_MANAGE.join(' or ')} seats` : 'Only management or the client owner can change its team');
  }
  const employee = await repo.findEmployeeForSeat(ctx.db, { id: input.employeeId });
  if (!employee) throw invalidField('employeeId', `no employee ${input.employeeId}`);
  if (employee.status === 'departed' || employee.archived_at) throw invalidField('employeeId', 'has left the company and cannot take a seat');

  const seatId = await ctx.db.transaction().execute(async (trx) => {
    await repo.lockCompany(trx, { id: companyId });
    if (await repo.findCurrentSeat(trx, { companyId, employeeId: input.employeeId, role: input.role })) {
      throw new DomainError('conflict', `Employee ${input.employeeId} already holds a current ${input.role} seat`, [
        { field: 'employeeId', message: `already holds a current ${input.role} seat` },
      ]);
    }
    if (input.role === 'owner') {
      // One owner at a time: the previous owner's seat ends and stays in the history.
      await repo.endSeats(trx, { companyId, role: 'owner' });
      await repo.setCompanyOwner(trx, { companyId, ownerId: input.employeeId });
    }
    const { id } = await repo.insertSeat(trx, { companyId, employeeId: input.employeeId, role: input.role });
    await appendAudit(trx, {
      actorId: actor.id,
      action: input.role === 'owner' ? 'company.owner_change' : 'account_team.add',
      companyId,
      entity: 'account_team',
      entityId: id,
      details: { employeeId: input.employeeId, role: input.role, ...(input.role === 'owner' ? { from: company.owner_id, to: input.employeeId } : {}) },
    });
    return id;
  });
  return getSeat(ctx, seatId);
}

export async function endSeat(ctx: AppContext, actor: Actor, companyId: number, seatId: number): Promise<Seat> {
  const company = await loadCompany(ctx, actor, companyId);
  const seat = await repo.findSeat(ctx.db, { id: seatId, companyId });
  if (!seat) throw notFound('Seat', seatId);
  if (!mayChangeSeat(actor, company, seat.role as SeatRole)) throw forbidden(`You may not end a ${seat.role} seat of this client`);
  if (seat.until) throw new DomainError('conflict', `Seat ${seatId} has already ended`);

  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockCompany(trx, { id: companyId });
    await repo.endSeats(trx, { companyId, id: seatId });
    // The client has no owner until management names one; it never points at an ended seat.
    if (seat.role === 'owner' && locked?.owner_id === seat.employee_id) await repo.setCompanyOwner(trx, { companyId, ownerId: null });
    await appendAudit(trx, { actorId: actor.id, action: 'account_team.end', companyId, entity: 'account_team', entityId: seatId, details: { employeeId: seat.employee_id, role: seat.role } });
  });
  return getSeat(ctx, seatId);
}
