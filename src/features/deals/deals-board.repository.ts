import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';
import { selectDeals } from './deals.repository.js';

export type BoardFilter = { actor: Actor; ownerId?: number | undefined; companyId?: number | undefined };

// The deals a board shows: visible, not archived, optionally one owner's or one client's.
function boardDeals(db: Kysely<DB>, f: BoardFilter) {
  let qb = db.selectFrom('deals').where(companyVisibleTo(f.actor, 'deals.company_id')).where('deals.archived_at', 'is', null);
  if (f.ownerId !== undefined) qb = qb.where('deals.owner_id', '=', f.ownerId);
  if (f.companyId !== undefined) qb = qb.where('deals.company_id', '=', f.companyId);
  return qb;
}

/** Open, non-archived stages in board order, each with the count and sum of all its matching deals. */
export function boardStages(db: Kysely<DB>, f: BoardFilter) {
  const totals = boardDeals(db, f)
    .select(['deals.stage_id', (eb) => eb.fn.countAll<number>().as('n'), sql<string>`sum(deals.amount)`.as('total')])
    .groupBy('deals.stage_id');
  return db
    .selectFrom('pipeline_stages as s')
    .leftJoin(totals.as('t'), 't.stage_id', 's.id')
    .select([
      's.id',
      's.name',
      's.position',
      's.probability',
      sql<number>`coalesce(t.n, 0)::int`.as('count'),
      sql<string>`round(coalesce(t.total, 0), 2)::text`.as('sum'),
    ])
    .where('s.kind', '=', 'open')
    .where('s.archived_at', 'is', null)
    .orderBy('s.position')
    .execute();
}

/** Up to `perStage` deals in each of the given stages, largest first, in one ranked query. */
export function boardCards(db: Kysely<DB>, f: BoardFilter & { stageIds: number[]; perStage: number }) {
  if (f.stageIds.length === 0) return Promise.resolve([]);
  let ranked = selectDeals(db)
    .select(sql<number>`row_number() over (partition by deals.stage_id order by deals.amount desc, deals.id)`.as('rank'))
    .where(companyVisibleTo(f.actor, 'deals.company_id'))
    .where('deals.archived_at', 'is', null)
    .where('deals.stage_id', 'in', f.stageIds);
  if (f.ownerId !== undefined) ranked = ranked.where('deals.owner_id', '=', f.ownerId);
  if (f.companyId !== undefined) ranked = ranked.where('deals.company_id', '=', f.companyId);
  return db.selectFrom(ranked.as('r')).selectAll().where('r.rank', '<=', f.perStage).orderBy('r.stage_id').orderBy('r.rank').execute();
}
