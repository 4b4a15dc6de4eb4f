import type { AppContext } from '../../app-context.js';
import { DomainError, invalidField } from '../../domain/errors.js';
import { hashPassword } from '../auth/password.js';
import { catalogProducts, CATEGORY_DEFS } from './demo.catalog.js';
import { DemoGenerator, type PlantedGroup } from './demo.generator.js';
import { FADING_EVERY, NARROW_EVERY, SINGLE_KNOWER_EVERY } from './demo.plan.js';
import * as repo from './demo.repository.js';
import { DEMO_PASSWORD, demoEmail, STAFF, STAR_MANAGER } from './demo.staff.js';
import { BULK_TABLES, dayOf, emptyTables, isoDay, money, type BulkTable, type ChunkTables, type DemoWorld } from './demo.world.js';

export { DEMO_LOGINS, DEMO_PASSWORD } from './demo.staff.js';

// A deterministic demo company: a Russian building-materials distributor with ~15 employees and
// `clients` companies, their contacts, orders, deals, activities and tasks. Same seed + options +
// today => identical rows. Planted situations (see PLANTED below) give analytics something to find:
//  (1) big clients known by one person only; (2) a big-potential client buying 1-2 categories at a
//  share of wallet under 5%, held by an ordinary manager; (3) clients whose orders quietly fade over
//  the last 6-9 months; (4) one manager (Смирнов) holding ~35-40% of revenue.
export type DemoOptions = {
  seed: number;
  clients: number;
  years: number;
  /** YYYY-MM-DD; defaults to the current date */
  today?: string;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
};

export type DemoSummary = {
  seed: number;
  clients: number;
  years: number;
  today: string;
  employees: number;
  categories: number;
  products: number;
  rows: Record<BulkTable, number>;
  planted: {
    singleKnower: PlantedGroup & { description: string };
    narrowWallet: PlantedGroup & { description: string };
    fading: PlantedGroup & { description: string };
    dominantManager: { description: string; employeeId: number; email: string; name: string; revenueShare: number };
  };
  /** wall-clock milliseconds per phase and COPY milliseconds per table */
  timings: { phases: Record<string, number>; copy: Record<BulkTable, number> };
};

export const PLANTED = {
  singleKnower: `Big clients (top 10% by size) known by one person only: a single current account-team seat and every activity by that owner; every ${SINGLE_KNOWER_EVERY}th big client.`,
  narrowWallet: `Big-potential clients buying only 1-2 categories at a share of wallet of 1-3% (< 5%), held by an ordinary account manager; one in ${NARROW_EVERY} clients.`,
  fading: `Clients whose order frequency and basket shrink steadily over the last 6-9 months while they still order; every ${FADING_EVERY}th long-standing frequent buyer.`,
  dominantManager: 'One account manager (Смирнов) holds about 35-40% of revenue, mostly the largest clients.',
};

const CHUNK_CLIENTS = 5_000;
const SLICE_CLIENTS = 250;

export async function isDatabaseEmpty(ctx: AppContext): Promise<boolean> {
  const n = await repo.countPeopleAndClients(ctx.db);
  return n.employees === 0 && n.companies === 0;
}

function validate(options: DemoOptions): string {
  if (!Number.isSafeInteger(options.seed)) throw invalidField('seed', 'must be an integer');
  if (!Number.isInteger(options.clients) || options.clients < 1 || options.clients > 5_000_000) throw invalidField('clients', 'must be an integer from 1 to 5000000');
  if (!Number.isInteger(options.years) || options.years < 1 || options.years > 10) throw invalidField('years', 'must be an integer from 1 to 10');
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || isoDay(dayOf(today)) !== today) throw invalidField('today', 'must be a date YYYY-MM-DD');
  return today;
}

type Timed = <T>(phase: string, fn: () => Promise<T>) => Promise<T>;
type Progress = NonNullable<DemoOptions['onProgress']>;

export async function generateDemo(ctx: AppContext, options: DemoOptions): Promise<DemoSummary> {
  const todayIso = validate(options);
  const today = dayOf(todayIso);
  const progress: Progress = options.onProgress ?? (() => {});
  const phases: Record<string, number> = {};
  const timed: Timed = async (phase, fn) => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      phases[phase] = (phases[phase] ?? 0) + performance.now() - started;
    }
  };
  if (!(await isDatabaseEmpty(ctx))) throw new DomainError('conflict', 'The demo company loads only into an empty database (it has employees or companies)');

  const world = await prepareWorld(ctx, { seed: options.seed, clients: options.clients, years: options.years, today, progress, timed });
  const generator = new DemoGenerator(world);
  const copy = Object.fromEntries(BULK_TABLES.map((t) => [t, 0])) as Record<BulkTable, number>;
  const indexes = await timed('indexes', () => repo.dropSecondaryIndexes(ctx.db));
  try {
    await bulkLoad(ctx, { generator, total: options.clients, copy, progress, timed });
  } finally {
    // Rebuilt even when the load fails, so a half-loaded database still has its indexes.
    await timed('indexes', async () => {
      // Two builds at a time use both cores of a small PostgreSQL server; PGlite queues them.
      const queue = [...indexes];
      let done = 0;
      progress({ phase: 'indexes', done, total: indexes.length });
      const worker = async () => {
        for (let index = queue.shift(); index; index = queue.shift()) {
          await repo.createIndex(ctx.db, index);
          progress({ phase: 'indexes', done: ++done, total: indexes.length });
        }
      };
      await Promise.all([worker(), worker()]);
    });
  }
  await timed('finalize', async () => {
    progress({ phase: 'finalize', done: 0, total: 1 });
    await repo.finishBulkLoad(ctx.db);
    progress({ phase: 'finalize', done: 1, total: 1 });
  });

  const star = STAFF.find((s) => s.key === STAR_MANAGER);
  const { planted, revenue } = generator;
  return {
    seed: options.seed,
    clients: options.clients,
    years: options.years,
    today: todayIso,
    employees: STAFF.length,
    categories: world.categories.length,
    products: world.products.length,
    rows: { ...generator.counts },
    planted: {
      singleKnower: { ...planted.singleKnower, description: PLANTED.singleKnower },
      narrowWallet: { ...planted.narrowWallet, description: PLANTED.narrowWallet },
      fading: { ...planted.fading, description: PLANTED.fading },
      dominantManager: {
        description: PLANTED.dominantManager,
        employeeId: world.staff[STAR_MANAGER].id,
        email: demoEmail(STAR_MANAGER),
        name: star?.name ?? '',
        revenueShare: revenue.totalKop ? revenue.starKop / revenue.totalKop : 0,
      },
    },
    timings: { phases, copy },
  };
}

/** Staff and catalog go in through Kysely (a few hundred rows); the result is what rows refer to. */
async function prepareWorld(ctx: AppContext, o: { seed: number; clients: number; years: number; today: number; progress: Progress; timed: Timed }): Promise<DemoWorld> {
  const { today, progress, timed } = o;
  const staffIds = await timed('staff', async () => {
    progress({ phase: 'staff', done: 0, total: STAFF.length });
    // scrypt is deliberately slow: one hash of `demo`, shared by every demo login.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const rows = STAFF.map((s) => ({
      name: s.name,
      email: demoEmail(s.key),
      role: s.role,
      hiredOn: isoDay(today - s.hiredDaysAgo),
      managerEmail: s.reportsTo ? demoEmail(s.reportsTo) : null,
      passwordHash,
    }));
    const ids = await ctx.db.transaction().execute((trx) => repo.insertStaff(trx, { rows }));
    progress({ phase: 'staff', done: STAFF.length, total: STAFF.length });
    return ids;
  });

  const products = catalogProducts(o.seed);
  const catalog = await timed('catalog', async () => {
    progress({ phase: 'catalog', done: 0, total: products.length });
    const ids = await ctx.db.transaction().execute((trx) =>
      repo.insertCatalog(trx, {
        categories: CATEGORY_DEFS.map((c) => c.name),
        groups: CATEGORY_DEFS.flatMap((c, categoryIndex) => c.groups.map((g) => ({ categoryIndex, name: g.name }))),
        products: products.map((p) => ({ groupIndex: p.groupIndex, sku: p.sku, name: p.name, unit: p.unit, listPrice: money(p.listKop) })),
      }),
    );
    progress({ phase: 'catalog', done: products.length, total: products.length });
    return ids;
  });

  const stages = await repo.listStages(ctx.db);
  if (!stages.some((s) => s.kind === 'open')) throw new DomainError('conflict', 'The pipeline has no open stage');
  return {
    seed: o.seed,
    clients: o.clients,
    years: o.years,
    today,
    staff: Object.fromEntries(STAFF.map((s) => [s.key, { id: staffIds.get(demoEmail(s.key)) ?? 0, hiredDay: today - s.hiredDaysAgo }])) as DemoWorld['staff'],
    categories: CATEGORY_DEFS.map((c, i) => ({ id: catalog.categoryIds[i] ?? 0, name: c.name })),
    products: products.map((p, i) => ({ id: catalog.productIds[i] ?? 0, categoryIndex: p.categoryIndex, listKop: p.listKop, costKop: p.costKop })),
    productsByCategory: CATEGORY_DEFS.map((_, c) => products.flatMap((p, i) => (p.categoryIndex === c ? [i] : []))),
    stages,
    firstIds: await repo.firstFreeIds(ctx.db),
  };
}

async function bulkLoad(ctx: AppContext, o: { generator: DemoGenerator; total: number; copy: Record<BulkTable, number>; progress: Progress; timed: Timed }) {
  const { generator, total, progress, timed } = o;
  const load = (tables: ChunkTables) => timed('copy', () => repo.copyChunk(ctx.database, { tables, timings: o.copy }));
  await timed('clients', async () => {
    // Generate chunk k+1 while the database ingests chunk k; at most two chunks live at once.
    // Generation yields to the event loop between slices so the pg driver keeps streaming.
    let inflight: Promise<void> = Promise.resolve();
    while (!generator.done) {
      const tables = emptyTables();
      while (!generator.done && tables.companies.size < CHUNK_CLIENTS) {
        await timed('generate', async () => generator.fill(tables, SLICE_CLIENTS));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await inflight;
      progress({ phase: 'clients', done: generator.clientsDone - tables.companies.size, total });
      inflight = load(tables);
    }
    await inflight;
    progress({ phase: 'clients', done: total, total });
  });
  await timed('plans', async () => {
    progress({ phase: 'plans', done: 0, total: 1 });
    await load(generator.finish());
    progress({ phase: 'plans', done: 1, total: 1 });
  });
}
