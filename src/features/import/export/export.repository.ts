import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Actor } from '../../../domain/actor.js';
import type { ImportType } from '../../../domain/import/fields.js';
import { companyVisibleTo } from '../../access/access.repository.js';

// One row per exported record, keyed by field (the same keys the importer reads), in id order.
export type ExportRow = Record<string, string | number | boolean | Date | string[] | null> & { _key: number };

const BATCH = 2000;

// The CLI exports as the system (no actor) and sees every client.
const visible = (actor: Actor | null, column: string) => (actor ? companyVisibleTo(actor, column) : sql<boolean>`true`);

function page(db: Kysely<DB>, entity: ImportType, actor: Actor | null, after: number) {
  switch (entity) {
    case 'companies':
      return db
        .selectFrom('companies as c')
        .leftJoin('employees as o', 'o.id', 'c.owner_id')
        .select([
          'c.id as _key', 'c.external_id as externalId', 'c.name', 'c.legal_name as legalName', 'c.inn', 'c.kpp', 'c.status',
          'o.email as owner', 'c.tags', 'c.annual_potential as annualPotential', 'c.address', 'c.website',
        ])
        .where(visible(actor, 'c.id'))
        .where('c.id', '>', after)
        .orderBy('c.id')
        .limit(BATCH)
        .execute();
    case 'contacts':
      return db
        .selectFrom('contacts as ct')
        .innerJoin('companies as c', 'c.id', 'ct.company_id')
        .select([
          'ct.id as _key', 'ct.external_id as externalId', 'c.external_id as companyExternalId', 'c.inn as companyInn', 'c.name as companyName',
          'ct.name', 'ct.position', 'ct.is_decision_maker as isDecisionMaker', 'ct.phones as phone', 'ct.emails as email', 'ct.birthday',
        ])
        .where(visible(actor, 'c.id'))
        .where('ct.id', '>', after)
        .orderBy('ct.id')
        .limit(BATCH)
        .execute();
    case 'products':
      return db
        .selectFrom('products as p')
        .innerJoin('product_groups as g', 'g.id', 'p.group_id')
        .innerJoin('product_categories as k', 'k.id', 'g.category_id')
        .select(['p.id as _key', 'p.external_id as externalId', 'p.sku', 'p.name', 'k.name as category', 'g.name as group', 'p.unit', 'p.list_price as listPrice'])
        .where('p.id', '>', after)
        .orderBy('p.id')
        .limit(BATCH)
        .execute();
    case 'orders':
      return db
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .innerJoin('companies as c', 'c.id', 'o.company_id')
        .innerJoin('products as p', 'p.id', 'l.product_id')
        .leftJoin('employees as e', 'e.id', 'o.owner_id')
        .select([
          'l.id as _key', 'o.external_id as orderExternalId', 'o.number', 'o.ordered_on as date', 'o.status',
          'c.external_id as companyExternalId', 'c.inn as companyInn', 'c.name as companyName', 'e.email as owner', 'l.line_no as lineNo',
          'p.external_id as productExternalId', 'p.sku', 'p.name as productName', 'l.quantity', 'l.price',
          sql<string>`round(l.quantity * l.price, 2)::text`.as('amount'), 'l.cost',
        ])
        .where(visible(actor, 'c.id'))
        .where('l.id', '>', after)
        .orderBy('l.id')
        .limit(BATCH)
        .execute();
    case 'activities':
      return db
        .selectFrom('activities as a')
        .innerJoin('companies as c', 'c.id', 'a.company_id')
        .innerJoin('employees as e', 'e.id', 'a.employee_id')
        .leftJoin('contacts as ct', 'ct.id', 'a.contact_id')
        .select([
          'a.id as _key', 'a.external_id as externalId', 'a.type', 'a.occurred_at as occurredAt', 'e.email as employee',
          'c.external_id as companyExternalId', 'c.inn as companyInn', 'c.name as companyName', 'ct.name as contactName', 'a.direction', 'a.summary',
        ])
        .where(visible(actor, 'c.id'))
        .where('a.id', '>', after)
        .orderBy('a.id')
        .limit(BATCH)
        .execute();
  }
}

/** Streams every visible record of an entity in batches, so memory stays flat however large the base. */
export async function* exportRows(db: Kysely<DB>, { entity, actor }: { entity: ImportType; actor: Actor | null }): AsyncGenerator<ExportRow[]> {
  let after = 0;
  for (;;) {
    const rows = (await page(db, entity, actor, after)) as ExportRow[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!._key;
    yield rows;
    if (rows.length < BATCH) return;
  }
}

/** How many rows an export would hold, counted before anything is sent (export limits are per row). */
export async function countExportRows(db: Kysely<DB>, { entity, actor }: { entity: ImportType; actor: Actor | null }): Promise<number> {
  const n = (q: { executeTakeFirstOrThrow: () => Promise<{ n: number | string | bigint }> }) => q.executeTakeFirstOrThrow().then((r) => Number(r.n));
  switch (entity) {
    case 'companies':
      return n(db.selectFrom('companies as c').select((eb) => eb.fn.countAll<number>().as('n')).where(visible(actor, 'c.id')));
    case 'contacts':
      return n(db.selectFrom('contacts as ct').innerJoin('companies as c', 'c.id', 'ct.company_id').select((eb) => eb.fn.countAll<number>().as('n')).where(visible(actor, 'c.id')));
    case 'products':
      return n(db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')));
    case 'orders':
      return n(
        db
          .selectFrom('order_lines as l')
          .innerJoin('orders as o', 'o.id', 'l.order_id')
          .innerJoin('companies as c', 'c.id', 'o.company_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(visible(actor, 'c.id')),
      );
    case 'activities':
      return n(db.selectFrom('activities as a').innerJoin('companies as c', 'c.id', 'a.company_id').select((eb) => eb.fn.countAll<number>().as('n')).where(visible(actor, 'c.id')));
  }
}
