import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

const SORT_COLUMNS = { amount: 'd.amount', expectedClose: 'd.expected_close_key', createdAt: 'd.created_at', id: 'd.id' } as const;
const SORT_KEYS = { amount: 'amount', expectedClose: 'expected_close_key', createdAt: 'created_key', id: 'id' } as const;

export function selectDeals(db: Kysely<DB>) {
  return db
    .selectFrom('deals')
    .innerJoin('companies', 'companies.id', 'deals.company_id')
    .innerJoin('pipeline_stages as stage', 'stage.id', 'deals.stage_id')
    .leftJoin('employees as owner', 'owner.id', 'deals.owner_id')
    .selectAll('deals')
    .select(['companies.name as company_name', 'stage.name as stage_name', 'stage.kind as stage_kind', 'stage.probability', 'owner.name as owner_name']);
}
export type DealRow = Awaited<ReturnType<ReturnType<typeof selectDeals>['executeTakeFirstOrThrow']>>;

export type DealFilter = {
  actor: Actor;
  stageId?: number | undefined;
  ownerId?: number | undefined;
  companyId?: number | undefined;
  open?: boolean | undefined;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listDeals(db: Kysely<DB>, options: DealFilter & PageRequest) {
  let inner = selectDeals(db)
    .select([
      // Keyset sort columns must be NOT NULL: a deal without a date sorts after every dated one.
      sql<string>`coalesce(deals.expected_close, 'infinity'::date)`.as('expected_close_key'),
      // A JS Date keeps milliseconds only; the cursor needs the full microsecond value to resume exactly.
      sql<string>`to_char(deals.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_key'),
    ])
    .where(companyVisibleTo(options.actor, 'deals.company_id'));
  if (options.stageId !== undefined) inner = inner.where('deals.stage_id', '=', options.stageId);
  if (options.ownerId !== undefined) inner = inner.where('deals.owner_id', '=', options.ownerId);
  if (options.companyId !== undefined) inner = inner.where('deals.company_id', '=', options.companyId);
  if (options.open !== undefined) inner = inner.where('deals.closed_at', options.open ? 'is' : 'is not', null);
  if (!options.includeArchived) inner = inner.where('deals.archived_at', 'is', null);
  const qb = db.selectFrom(inner.as('d')).selectAll();
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 'd.id', sortKey: SORT_KEYS[options.sort] });
}

export const findDeal = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  selectDeals(db).where('deals.id', '=', id).where(companyVisibleTo(actor, 'deals.company_id')).executeTakeFirst();

/** Locks the deal row so two concurrent stage moves record a consistent from -> to chain. */
export const lockDealStage = (db: Kysely<DB>, { id }: { id: number }) =>
  db.selectFrom('deals').select('stage_id').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();

export const findCompanyOwner = (db: Kysely<DB>, { companyId }: { companyId: number }) =>
  db.selectFrom('companies').select('owner_id').where('id', '=', companyId).executeTakeFirst();

export type DealValues = {
  title?: string;
  stage_id?: number;
  amount?: string;
  expected_close?: string | null;
  owner_id?: number | null;
  closed_at?: Date | null;
  archived_at?: Date | null;
};

export const insertDeal = (db: Kysely<DB>, { values }: { values: DealValues & { company_id: number; title: string; stage_id: number } }) =>
  db.insertInto('deals').values(values).returning('id').executeTakeFirstOrThrow();

export const updateDeal = (db: Kysely<DB>, { id, values }: { id: number; values: DealValues }) =>
  db.updateTable('deals').set({ ...values, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();

export const insertStageChange = (db: Kysely<DB>, change: { dealId: number; fromStageId: number | null; toStageId: number; changedBy: number }) =>
  db
    .insertInto('deal_stage_history')
    .values({ deal_id: change.dealId, from_stage_id: change.fromStageId, to_stage_id: change.toStageId, changed_by: change.changedBy })
    .execute();

export const listStageChanges = (db: Kysely<DB>, { dealId }: { dealId: number }) =>
  db
    .selectFrom('deal_stage_history as h')
    .leftJoin('pipeline_stages as from_stage', 'from_stage.id', 'h.from_stage_id')
    .innerJoin('pipeline_stages as to_stage', 'to_stage.id', 'h.to_stage_id')
    .leftJoin('employees as by', 'by.id', 'h.changed_by')
    .select([
      'h.id',
      'h.from_stage_id',
      'from_stage.name as from_stage_name',
      'h.to_stage_id',
      'to_stage.name as to_stage_name',
      'h.changed_by',
      'by.name as changed_by_name',
      'h.changed_at',
    ])
    .where('h.deal_id', '=', dealId)
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
