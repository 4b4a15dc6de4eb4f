import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

const SORT_COLUMNS = { name: 'companies.name', createdAt: 'companies.created_at', id: 'companies.id' } as const;
const SORT_KEYS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;

function selectCompanies(db: Kysely<DB>) {
  return db
    .selectFrom('companies')
    .leftJoin('employees as owner', 'owner.id', 'companies.owner_id')
    .selectAll('companies')
    .select('owner.name as owner_name');
}
export type CompanyRow = Awaited<ReturnType<ReturnType<typeof selectCompanies>['executeTakeFirstOrThrow']>>;

export type CompanyFilter = {
  actor: Actor;
  ownerId?: number | undefined;
  status?: string | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listCompanies(db: Kysely<DB>, options: CompanyFilter & PageRequest) {
  let qb = selectCompanies(db).where(companyVisibleTo(options.actor, 'companies.id'));
  if (options.ownerId !== undefined) qb = qb.where('companies.owner_id', '=', options.ownerId);
  if (options.status) qb = qb.where('companies.status', '=', options.status);
  if (options.tag) qb = qb.where(sql<boolean>`companies.tags @> array[${options.tag}]::text[]`);
  if (options.q) qb = qb.where('companies.name', 'ilike', `${options.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (!options.includeArchived) qb = qb.where('companies.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 'companies.id', sortKey: SORT_KEYS[options.sort] });
}

export const findCompany = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  selectCompanies(db)
    .where('companies.id', '=', id)
    .where(companyVisibleTo(actor, 'companies.id'))
    .executeTakeFirst();

export type CompanyValues = {
  name?: string;
  legal_name?: string | null;
  inn?: string | null;
  kpp?: string | null;
  status?: string;
  owner_id?: number | null;
  source_id?: number | null;
  annual_potential?: string | null;
  tags?: string[];
  address?: string | null;
  website?: string | null;
  external_id?: string | null;
  archived_at?: Date | null;
};

export const insertCompany = (db: Kysely<DB>, { values }: { values: CompanyValues & { name: string } }) =>
  db.insertInto('companies').values(values).returning('id').executeTakeFirstOrThrow();

export const updateCompany = (db: Kysely<DB>, { id, values }: { id: number; values: CompanyValues }) =>
  db
    .updateTable('companies')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
