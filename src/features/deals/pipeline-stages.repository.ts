import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';

export type StageRow = Awaited<ReturnType<typeof findStage>> & {};

export function listStages(db: Kysely<DB>, options: PageRequest & { includeArchived: boolean }) {
  let qb = db.selectFrom('pipeline_stages').selectAll();
  if (!options.includeArchived) qb = qb.where('archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: 'pipeline_stages.position', idColumn: 'pipeline_stages.id', sortKey: 'position' });
}

/** `lock` holds the stage against a concurrent archive or kind change until the transaction ends. */
export function findStage(db: Kysely<DB>, { id, lock }: { id: number; lock?: 'share' | 'update' }) {
  let qb = db.selectFrom('pipeline_stages').selectAll().where('id', '=', id);
  if (lock === 'share') qb = qb.forShare();
  if (lock === 'update') qb = qb.forUpdate();
  return qb.executeTakeFirst();
}

export const firstOpenStage = (db: Kysely<DB>) =>
  db
    .selectFrom('pipeline_stages')
    .select('id')
    .where('kind', '=', 'open')
    .where('archived_at', 'is', null)
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();

export const nextPosition = async (db: Kysely<DB>) => {
  const row = await db
    .selectFrom('pipeline_stages')
    .select(sql<number>`coalesce(max(position), 0) + 10`.as('next'))
    .executeTakeFirstOrThrow();
  return row.next;
};

/** Deals sitting in the stage; `openOnly` counts those not yet closed and not archived. */
export const countDealsInStage = async (db: Kysely<DB>, { stageId, openOnly }: { stageId: number; openOnly: boolean }) => {
  let qb = db.selectFrom('deals').select((eb) => eb.fn.countAll<number>().as('n')).where('stage_id', '=', stageId);
  if (openOnly) qb = qb.where('closed_at', 'is', null).where('archived_at', 'is', null);
  return Number((await qb.executeTakeFirstOrThrow()).n);
};

type StageValues = { name?: string; position?: number; kind?: string; probability?: number; archived_at?: Date | null };

export const insertStage = (db: Kysely<DB>, { values }: { values: StageValues & { name: string; position: number } }) =>
  db.insertInto('pipeline_stages').values(values).returning('id').executeTakeFirstOrThrow();

export const updateStage = (db: Kysely<DB>, { id, values }: { id: number; values: StageValues }) =>
  db.updateTable('pipeline_stages').set({ ...values, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();
