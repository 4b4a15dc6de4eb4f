import type { Kysely } from 'kysely';
import type { PageRequest } from '../../db/paginate.js';
import { fetchPage } from '../../db/paginate.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

const SORT_COLUMNS = { name: 'contacts.name', createdAt: 'contacts.created_at', id: 'contacts.id' } as const;
const SORT_KEYS = { name: 'name', createdAt: 'created_at', id: 'id' } as const;

// Every read goes through the company's visibility: a contact is as private as its client.
function selectContacts(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('contacts')
    .innerJoin('companies', 'companies.id', 'contacts.company_id')
    .selectAll('contacts')
    .select('companies.name as company_name')
    .where(companyVisibleTo(actor, 'contacts.company_id'));
}
export type ContactRow = Awaited<ReturnType<ReturnType<typeof selectContacts>['executeTakeFirstOrThrow']>>;

export type ContactFilter = {
  actor: Actor;
  companyId?: number | undefined;
  isDecisionMaker?: boolean | undefined;
  q?: string | undefined;
  includeArchived: boolean;
  sort: keyof typeof SORT_COLUMNS;
};

export function listContacts(db: Kysely<DB>, options: ContactFilter & PageRequest) {
  let qb = selectContacts(db, options.actor);
  if (options.companyId !== undefined) qb = qb.where('contacts.company_id', '=', options.companyId);
  if (options.isDecisionMaker !== undefined) qb = qb.where('contacts.is_decision_maker', '=', options.isDecisionMaker);
  if (options.q) qb = qb.where('contacts.name', 'ilike', `${options.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (!options.includeArchived) qb = qb.where('contacts.archived_at', 'is', null);
  return fetchPage(qb, { ...options, sortColumn: SORT_COLUMNS[options.sort], idColumn: 'contacts.id', sortKey: SORT_KEYS[options.sort] });
}

export const findContact = (db: Kysely<DB>, { id, actor }: { id: number; actor: Actor }) =>
  selectContacts(db, actor).where('contacts.id', '=', id).executeTakeFirst();

export type ContactValues = {
  company_id?: number;
  name?: string;
  position?: string | null;
  is_decision_maker?: boolean;
  phones?: string[];
  emails?: string[];
  birthday?: string | null;
  external_id?: string | null;
  archived_at?: Date | null;
};

export const insertContact = (db: Kysely<DB>, { values }: { values: ContactValues & { company_id: number; name: string } }) =>
  db.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();

export const updateContact = (db: Kysely<DB>, { id, values }: { id: number; values: ContactValues }) =>
  db
    .updateTable('contacts')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
