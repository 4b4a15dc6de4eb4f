import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { DomainError, forbidden, notFound } from '../../domain/errors.js';
import type { Stage, StageCreate, StageListQuery, StageUpdate } from './pipeline-stages.schema.js';
import * as repo from './pipeline-stages.repository.js';

export function toStageDto(row: repo.StageRow): Stage {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    kind: row.kind as Stage['kind'],
    probability: row.probability,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const conflict = (field: string, message: string) => new DomainError('conflict', `${field}: ${message}`, [{ field, message }]);

function assertManagement(actor: Actor) {
  if (!isManagement(actor)) throw forbidden('Only management can change the pipeline');
}

export async function listStages(ctx: AppContext, query: StageListQuery) {
  const page = await repo.listStages(ctx.db, query);
  return { items: page.items.map(toStageDto), nextCursor: page.nextCursor };
}

export async function getStage(ctx: AppContext, id: number): Promise<Stage> {
  const row = await repo.findStage(ctx.db, { id });
  if (!row) throw notFound('Pipeline stage', id);
  return toStageDto(row);
}

export async function createStage(ctx: AppContext, actor: Actor, input: StageCreate): Promise<Stage> {
  assertManagement(actor);
  const position = input.position ?? (await repo.nextPosition(ctx.db));
  const probability = input.probability ?? (input.kind === 'won' ? 100 : 0);
  const { id } = await repo.insertStage(ctx.db, { values: { name: input.name, position, kind: input.kind, probability } });
  return getStage(ctx, id);
}

export async function updateStage(ctx: AppContext, actor: Actor, id: number, input: StageUpdate): Promise<Stage> {
  assertManagement(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findStage(trx, { id, lock: 'update' });
    if (!current) throw notFound('Pipeline stage', id);
    // A deal's closed_at follows its stage's kind; flipping the kind under existing deals would break that.
    if (input.kind !== undefined && input.kind !== current.kind) {
      const n = await repo.countDealsInStage(trx, { stageId: id, openOnly: false });
      if (n > 0) throw conflict('kind', `${n} deal(s) are in this stage; move them before changing its kind`);
    }
    await repo.updateStage(trx, { id, values: input });
  });
  return getStage(ctx, id);
}

export async function setStageArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Stage> {
  assertManagement(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findStage(trx, { id, lock: 'update' });
    if (!current) throw notFound('Pipeline stage', id);
    if (archived) {
      const n = await repo.countDealsInStage(trx, { stageId: id, openOnly: true });
      if (n > 0) throw conflict('id', `${n} open deal(s) are in this stage; move them before archiving it`);
    }
    await repo.updateStage(trx, { id, values: { archived_at: archived ? new Date() : null } });
  });
  return getStage(ctx, id);
}
