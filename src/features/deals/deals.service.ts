import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { forbidden, invalidField, notFound } from '../../domain/errors.js';
import { assertCompanyReference } from '../access/access.service.js';
import { boardCards, boardStages } from './deals-board.repository.js';
import { type Board, BOARD_DEALS_PER_STAGE, type BoardQuery, type Deal, type DealCreate, type DealListQuery, type DealUpdate, type StageChange } from './deals.schema.js';
import * as repo from './deals.repository.js';
import { findStage, firstOpenStage } from './pipeline-stages.repository.js';

export function toDealDto(row: repo.DealRow): Deal {
  return {
    id: row.id,
    companyId: row.company_id,
    companyName: row.company_name,
    title: row.title,
    stageId: row.stage_id,
    stageName: row.stage_name,
    stageKind: row.stage_kind as Deal['stageKind'],
    probability: row.probability,
    amount: row.amount,
    expectedClose: row.expected_close,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    closedAt: row.closed_at?.toISOString() ?? null,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The target stage, held with a share lock so it cannot be archived or change kind before we commit. */
async function lockTargetStage(trx: Kysely<DB>, stageId: number) {
  const stage = await findStage(trx, { id: stageId, lock: 'share' });
  if (!stage || stage.archived_at) throw invalidField('stageId', `no active pipeline stage ${stageId}`);
  return stage;
}

export async function listDeals(ctx: AppContext, actor: Actor, query: DealListQuery) {
  const page = await repo.listDeals(ctx.db, { ...query, actor });
  return { items: page.items.map(toDealDto), nextCursor: page.nextCursor };
}

export async function getDeal(ctx: AppContext, actor: Actor, id: number): Promise<Deal> {
  const row = await repo.findDeal(ctx.db, { id, actor });
  if (!row) throw notFound('Deal', id);
  return toDealDto(row);
}

export async function createDeal(ctx: AppContext, actor: Actor, input: DealCreate): Promise<Deal> {
  await assertCompanyReference(ctx.db, actor, input.companyId);
  const ownerId = input.ownerId !== undefined ? input.ownerId : actor.id;
  if (!isManagement(actor) && ownerId !== actor.id) {
    const company = await repo.findCompanyOwner(ctx.db, { companyId: input.companyId });
    // Handing a deal to the client's owner is routine; to anyone else it is management's call.
    if (ownerId === null || ownerId !== company?.owner_id) throw forbidden("Only management can give a deal to someone other than you or the client's owner");
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const stageId = input.stageId ?? (await firstOpenStage(trx))?.id;
    if (stageId === undefined) throw invalidField('stageId', 'there is no open pipeline stage; name one');
    const stage = await lockTargetStage(trx, stageId);
    const { id } = await repo.insertDeal(trx, {
      values: {
        company_id: input.companyId,
        title: input.title,
        stage_id: stage.id,
        amount: input.amount,
        expected_close: input.expectedClose ?? null,
        owner_id: ownerId,
        closed_at: stage.kind === 'open' ? null : new Date(),
      },
    });
    await repo.insertStageChange(trx, { dealId: id, fromStageId: null, toStageId: stage.id, changedBy: actor.id });
    return id;
  });
  return getDeal(ctx, actor, id);
}

export async function updateDeal(ctx: AppContext, actor: Actor, id: number, input: DealUpdate): Promise<Deal> {
  const current = await repo.findDeal(ctx.db, { id, actor });
  if (!current) throw notFound('Deal', id);
  if (input.ownerId !== undefined && input.ownerId !== current.owner_id && !isManagement(actor)) {
    throw forbidden('Only management can move a deal to another owner');
  }
  await ctx.db.transaction().execute(async (trx) => {
    const values: repo.DealValues = {};
    if (input.title !== undefined) values.title = input.title;
    if (input.amount !== undefined) values.amount = input.amount;
    if (input.expectedClose !== undefined) values.expected_close = input.expectedClose;
    if (input.ownerId !== undefined) values.owner_id = input.ownerId;
    if (input.stageId !== undefined) {
      const { stage_id: fromStageId } = await repo.lockDealStage(trx, { id });
      if (input.stageId !== fromStageId) {
        const stage = await lockTargetStage(trx, input.stageId);
        values.stage_id = stage.id;
        values.closed_at = stage.kind === 'open' ? null : new Date();
        await repo.insertStageChange(trx, { dealId: id, fromStageId, toStageId: stage.id, changedBy: actor.id });
      }
    }
    await repo.updateDeal(trx, { id, values });
  });
  return getDeal(ctx, actor, id);
}

export async function setDealArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Deal> {
  if (!(await repo.findDeal(ctx.db, { id, actor }))) throw notFound('Deal', id);
  await repo.updateDeal(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getDeal(ctx, actor, id);
}

export async function dealHistory(ctx: AppContext, actor: Actor, id: number): Promise<StageChange[]> {
  if (!(await repo.findDeal(ctx.db, { id, actor }))) throw notFound('Deal', id);
  const rows = await repo.listStageChanges(ctx.db, { dealId: id });
  return rows.map((r) => ({
    id: r.id,
    fromStageId: r.from_stage_id,
    fromStageName: r.from_stage_name,
    toStageId: r.to_stage_id,
    toStageName: r.to_stage_name,
    changedBy: r.changed_by,
    changedByName: r.changed_by_name,
    changedAt: r.changed_at.toISOString(),
  }));
}

export async function dealBoard(ctx: AppContext, actor: Actor, query: BoardQuery): Promise<Board> {
  const filter = { ...query, actor };
  const stages = await boardStages(ctx.db, filter);
  const cards = await boardCards(ctx.db, { ...filter, stageIds: stages.map((s) => s.id), perStage: BOARD_DEALS_PER_STAGE });
  const byStage = new Map<number, Deal[]>();
  for (const c of cards) {
    const list = byStage.get(c.stage_id) ?? [];
    list.push(toDealDto(c));
    byStage.set(c.stage_id, list);
  }
  return { stages: stages.map((s) => ({ ...s, deals: byStage.get(s.id) ?? [] })) };
}
