import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { assertMayChangeCompany, auditCardRead } from '../access/access.service.js';
import { endSeats, insertSeat } from '../account-team/account-team.repository.js';
import { appendAudit } from '../audit/audit.service.js';
import type { Company, CompanyCreate, CompanyListQuery, CompanyUpdate } from './companies.schema.js';
import * as repo from './companies.repository.js';

export function toCompanyDto(row: repo.CompanyRow): Company {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legal_name,
    inn: row.inn,
    kpp: row.kpp,
    status: row.status as Company['status'],
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    sourceId: row.source_id,
    annualPotential: row.annual_potential,
    tags: row.tags,
    address: row.address,
    website: row.website,
    externalId: row.external_id,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toValues(input: CompanyUpdate): repo.CompanyValues {
  const v: repo.CompanyValues = {};
  if (input.name !== undefined) v.name = input.name;
  if (input.legalName !== undefined) v.legal_name = input.legalName;
  if (input.inn !== undefined) v.inn = input.inn || null;
  if (input.kpp !== undefined) v.kpp = input.kpp || null;
  if (input.status !== undefined) v.status = input.status;
  if (input.ownerId !== undefined) v.owner_id = input.ownerId;
  if (input.sourceId !== undefined) v.source_id = input.sourceId;
  if (input.annualPotential !== undefined) v.annual_potential = input.annualPotential;
  if (input.tags !== undefined) v.tags = [...new Set(input.tags)];
  if (input.address !== undefined) v.address = input.address;
  if (input.website !== undefined) v.website = input.website;
  if (input.externalId !== undefined) v.external_id = input.externalId;
  return v;
}

export async function listCompanies(ctx: AppContext, actor: Actor, query: CompanyListQuery) {
  const page = await repo.listCompanies(ctx.db, { ...query, actor });
  return { items: page.items.map(toCompanyDto), nextCursor: page.nextCursor };
}

async function loadCompany(ctx: AppContext, actor: Actor, id: number): Promise<Company> {
  const row = await repo.findCompany(ctx.db, { id, actor });
  if (!row) throw notFound('Company', id);
  return toCompanyDto(row);
}

export async function getCompany(ctx: AppContext, actor: Actor, id: number): Promise<Company> {
  const company = await loadCompany(ctx, actor, id);
  await auditCardRead(ctx.db, actor, id, 'company');
  return company;
}

export async function createCompany(ctx: AppContext, actor: Actor, input: CompanyCreate): Promise<Company> {
  // A manager who adds a client owns it unless management assigns someone else.
  const ownerId = input.ownerId !== undefined ? input.ownerId : isManagement(actor) ? null : actor.id;
  if (!isManagement(actor) && ownerId !== actor.id) throw forbidden('Only management can assign a client to someone else');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertCompany(trx, { values: { ...toValues(input), name: input.name, owner_id: ownerId } });
    if (ownerId) await insertSeat(trx, { companyId: id, employeeId: ownerId, role: 'owner' });
    return id;
  });
  return loadCompany(ctx, actor, id);
}

export async function updateCompany(ctx: AppContext, actor: Actor, id: number, input: CompanyUpdate): Promise<Company> {
  const current = await repo.findCompany(ctx.db, { id, actor });
  if (!current) throw notFound('Company', id);
  await assertMayChangeCompany(ctx.db, actor, id);
  const ownerChanges = input.ownerId !== undefined && input.ownerId !== current.owner_id;
  if (ownerChanges && !isManagement(actor)) throw forbidden('Only management can move a client to another owner');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateCompany(trx, { id, values: toValues(input) });
    if (ownerChanges) {
      // The owner seat moves; the previous owner stays in the team history.
      await endSeats(trx, { companyId: id, role: 'owner' });
      if (input.ownerId) await insertSeat(trx, { companyId: id, employeeId: input.ownerId, role: 'owner' });
      await appendAudit(trx, { actorId: actor.id, action: 'company.owner_change', companyId: id, entity: 'company', entityId: id, details: { from: current.owner_id, to: input.ownerId ?? null } });
    }
  });
  return loadCompany(ctx, actor, id);
}

export async function setCompanyArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Company> {
  if (!(await repo.findCompany(ctx.db, { id, actor }))) throw notFound('Company', id);
  await assertMayChangeCompany(ctx.db, actor, id);
  await repo.updateCompany(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return loadCompany(ctx, actor, id);
}
