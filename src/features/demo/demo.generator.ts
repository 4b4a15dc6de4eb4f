import { innWithCheckDigits } from '../../domain/inn.js';
import { textArray } from './demo.csv.js';
import { ownerAt, task, writeActivities, writeContacts, writeDeals, writeSeats, writeTasks, type NextIds, type Ownership } from './demo.engagement.js';
import { draftOrders, writeOrders } from './demo.orders.js';
import { planClient, type ClientPlan, type PlanCounters } from './demo.plan.js';
import { createRng, hash32 } from './demo.rng.js';
import * as S from './demo.staff.js';
import * as T from './demo.texts.js';
import { address, companyBrand, fullName, person, REGION_WEIGHTS, REGIONS, shortName, TAGS, translit } from './demo.words.js';
import { BULK_TABLES, emptyTables, money, stamp, type BulkTable, type ChunkTables, type DemoWorld } from './demo.world.js';

// Turns client indices into CSV rows, chunk by chunk, in constant memory: only counters, the
// star manager's running revenue and a few example ids survive between chunks.
export type PlantedGroup = { count: number; examples: { id: number; name: string }[] };

const STAR_SHARE = 0.38;
const EXAMPLES = 5;
const PLAN_ROLES: readonly S.StaffKey[] = ['smirnov', 'petrova', 'volkov', 'morozova', 'lebedev', 'novikova', 'kozlov', 'orlov', 'zaitseva', 'fedorova', 'egorov', 'stepanova'];

export class DemoGenerator {
  readonly counts = Object.fromEntries(BULK_TABLES.map((t) => [t, 0])) as Record<BulkTable, number>;
  readonly planted = { singleKnower: group(), narrowWallet: group(), fading: group() };
  readonly revenue = { totalKop: 0, starKop: 0 };
  #index = 0;
  #ids: NextIds;
  #counters: PlanCounters = { big: 0, fadingEligible: 0 };
  #dealSeq = { n: 0 };
  #narrowSeq = 0;
  /** a few companies per employee for their plan of the day */
  #reservoir = new Map<S.StaffKey | 'any', number[]>();
  #innOffset: number;

  constructor(private readonly world: DemoWorld) {
    const f = world.firstIds;
    this.#ids = { company: f.companies, contact: f.contacts, seat: f.account_team, order: f.orders, line: f.order_lines, deal: f.deals, history: f.deal_stage_history, activity: f.activities, task: f.tasks };
    this.#innOffset = hash32(world.seed, 5) % 10_000_000;
  }

  get clientsDone(): number {
    return this.#index;
  }

  get done(): boolean {
    return this.#index >= this.world.clients;
  }

  /** Rows for the next `size` clients, or null when every client is written. */
  nextChunk(size: number): ChunkTables | null {
    if (this.done) return null;
    const tables = emptyTables();
    this.fill(tables, size);
    return tables;
  }

  /** Appends the next `count` clients (fewer at the end) to `tables`. */
  fill(tables: ChunkTables, count: number): void {
    const before = BULK_TABLES.map((t) => tables[t].size);
    const end = Math.min(this.world.clients, this.#index + count);
    for (; this.#index < end; this.#index++) this.#client(tables, this.#index);
    BULK_TABLES.forEach((t, i) => (this.counts[t] += tables[t].size - (before[i] ?? 0)));
  }

  /** The plan of the day for every client-facing employee: due today, overdue, done yesterday. */
  finish(): ChunkTables {
    const tables = emptyTables();
    const { world } = this;
    for (const key of PLAN_ROLES) {
      const rng = createRng(world.seed, 3, PLAN_ROLES.indexOf(key));
      const companies = this.#reservoir.get(key) ?? this.#reservoir.get('any') ?? [];
      const ctx = (i: number) => ({ world, tables, ids: this.#ids, companyId: companies[i % Math.max(1, companies.length)] ?? null, plan: { rng } });
      const assignee = world.staff[key].id;
      const open = T.TASK_OPEN.map((t) => T.fill(t, rng.pick(world.categories).name));
      for (let i = 0; i < 3; i++) task(ctx(i), assignee, rng.pick(open), world.today, {});
      for (let i = 3; i < 5; i++) task(ctx(i), assignee, rng.pick(open), world.today - rng.int(1, 4), {});
      for (let i = 5; i < 7; i++) {
        const done = rng.pick(T.TASK_DONE);
        task(ctx(i), assignee, T.fill(done.title, world.categories[0]?.name ?? ''), world.today - 1, { result: done.result });
      }
    }
    this.counts.tasks += tables.tasks.size;
    return tables;
  }

  #client(tables: ChunkTables, index: number) {
    const { world } = this;
    const plan = planClient(world, index, this.#ids.company++, this.#counters);
    const history = draftOrders(world, plan);
    const own = this.#ownership(plan, history.revenueKop);
    const company = this.#companyRow(tables, plan, own, history.lastDay);
    writeSeats(tables, this.#ids, plan.id, own);
    const contacts = writeContacts(tables, this.#ids, plan, plan.id, company.domain);
    writeOrders(world, tables, this.#ids, plan.id, history, ownerAt(own));
    const category = world.categories[plan.categories[0] ?? 0]?.name ?? '';
    const c = { world, tables, ids: this.#ids, plan, own, companyId: plan.id, category };
    writeActivities(c, contacts);
    writeDeals(c, this.#dealSeq);
    writeTasks(c);

    if (plan.kind !== 'prospect') this.revenue.totalKop += history.revenueKop;
    if (own.owner === world.staff[S.STAR_MANAGER].id) this.revenue.starKop += history.revenueKop;
    if (plan.singleKnower) note(this.planted.singleKnower, plan.id, company.name);
    if (plan.narrow) note(this.planted.narrowWallet, plan.id, company.name);
    if (plan.fadeFrom !== null) note(this.planted.fading, plan.id, company.name);
    if (plan.kind !== 'lost') {
      const key = staffKeyOf(world, own.owner);
      if (key) remember(this.#reservoir, key, plan.id);
      if (plan.kind === 'active') remember(this.#reservoir, 'any', plan.id);
    }
  }

  #ownership(plan: ClientPlan, revenueKop: number): Ownership {
    const { world } = this;
    const { rng } = plan;
    const staff = world.staff;
    const id = (key: S.StaffKey) => staff[key].id;
    const ordinary = () => rng.pick(S.ORDINARY_MANAGERS);
    let owner: S.StaffKey;
    let previous: Ownership['previous'] = null;
    let sourceId: number | null = null;
    const since = (key: S.StaffKey, day: number) => Math.min(world.today - 1, Math.max(day, staff[key].hiredDay));

    if (plan.kind === 'prospect') {
      owner = plan.createdDay >= staff[S.NEWCOMER_HUNTER].hiredDay && rng.chance(0.5) ? S.NEWCOMER_HUNTER : S.SENIOR_HUNTER;
      sourceId = id(owner);
    } else if (plan.narrow) {
      // Planted (2): an ordinary account manager, not the key-account manager, holds it.
      owner = S.ORDINARY_MANAGERS[this.#narrowSeq++ % S.ORDINARY_MANAGERS.length] ?? 'petrova';
    } else if ((plan.big || rng.chance(0.12)) && this.revenue.starKop + revenueKop <= STAR_SHARE * (this.revenue.totalKop + revenueKop)) {
      // Planted (4): the star takes big clients as long as that keeps him under ~38% of revenue.
      owner = S.STAR_MANAGER;
    } else if (plan.u >= 0.992) {
      owner = S.KEY_ACCOUNT_MANAGER;
    } else if (plan.kind === 'active' && !plan.big && !plan.isNew && rng.chance(0.05)) {
      // The newcomer took over a colleague's small clients a few days after being hired.
      owner = S.NEWCOMER_MANAGER;
      const from = ordinary();
      const until = Math.min(world.today - 1, staff[owner].hiredDay + rng.int(2, 25));
      previous = { id: id(from), role: 'owner', since: since(from, plan.createdDay), until };
    } else {
      owner = ordinary();
    }
    if (plan.isNew && owner !== S.NEWCOMER_MANAGER && plan.createdDay >= staff[S.SENIOR_HUNTER].hiredDay) {
      // Hunters win new clients and hand them to account managers after the first orders.
      const hunter = plan.createdDay >= staff[S.NEWCOMER_HUNTER].hiredDay && rng.chance(0.4) ? S.NEWCOMER_HUNTER : S.SENIOR_HUNTER;
      previous = { id: id(hunter), role: 'hunter', since: plan.createdDay, until: Math.min(world.today - 1, plan.startDay + rng.int(10, 40)) };
      sourceId = id(hunter);
    }
    const ownerSince = previous ? previous.until : since(owner, plan.createdDay);
    let backup: Ownership['backup'] = null;
    let service: Ownership['service'] = null;
    if (!plan.singleKnower && plan.kind !== 'prospect' && (plan.big || rng.chance(0.2))) {
      const candidates = [...S.ORDINARY_MANAGERS, S.STAR_MANAGER].filter((k) => id(k) !== id(owner));
      const key = previous?.role === 'owner' ? staffKeyOf(world, previous.id) ?? rng.pick(candidates) : rng.pick(candidates);
      backup = { id: id(key), since: since(key, ownerSince + rng.int(20, 200)) };
    }
    if (plan.big && !plan.singleKnower && plan.u >= 0.95) {
      const key = rng.chance(0.5) ? 'egorov' : 'stepanova';
      service = { id: id(key), since: since(key, ownerSince + rng.int(10, 100)) };
    }
    return { owner: id(owner), ownerSince, previous, backup, service, sourceId };
  }

  #companyRow(tables: ChunkTables, plan: ClientPlan, own: Ownership, lastDay: number | null) {
    const { world } = this;
    const { rng } = plan;
    const region = REGIONS[rng.weighted(REGION_WEIGHTS)] ?? REGIONS[0];
    const form = plan.big || plan.narrow ? rng.weighted([0.55, 0.4, 0.05]) : rng.weighted([0.72, 0.1, 0, 0.18]);
    let name: string;
    let legal: string;
    let inn: string;
    let kpp: string | null = null;
    let domain: string | null = null;
    if (form === 3) {
      const p = person(rng);
      name = `ИП ${shortName(p)}`;
      legal = `Индивидуальный предприниматель ${fullName(p)}`;
      inn = innWithCheckDigits(region.code + String((plan.index * 7919 + this.#innOffset) % 100_000_000).padStart(8, '0'));
    } else {
      const brand = companyBrand(rng);
      const [short, long] = [['ООО', 'Общество с ограниченной ответственностью'], ['АО', 'Акционерное общество'], ['ПАО', 'Публичное акционерное общество']][form] ?? ['ООО', ''];
      name = `${short} «${brand}»`;
      legal = `${long} «${brand}»`;
      // A bijection of the client index: unique INNs with no lookup, for any number of clients.
      inn = innWithCheckDigits(region.code + String((plan.index * 7919 + this.#innOffset) % 10_000_000).padStart(7, '0'));
      kpp = `${inn.slice(0, 4)}01001`;
      if (rng.chance(0.7)) domain = `${translit(brand).replace(/^-+|-+$/g, '')}.ru`;
    }
    const targetKop = plan.size * 100_000_00;
    const potentialKop = plan.kind === 'prospect' ? targetKop * rng.float(1.5, 6) : targetKop / plan.shareOfWallet;
    const tags = new Set<string>();
    for (let n = rng.int(0, 3); n > 0; n--) tags.add(rng.pick(TAGS));
    const created = stamp(plan.createdDay, 600);
    const updated = stamp(Math.min(world.today, Math.max(plan.createdDay, lastDay ?? plan.createdDay)), 700);
    tables.companies.add(
      plan.id, name, legal, inn, kpp, plan.kind, own.owner, own.sourceId, money(Math.round(potentialKop / 100_000) * 100_000),
      textArray([...tags]), address(rng, region), domain ? `https://${domain}` : null, created, updated,
    );
    return { name, domain };
  }
}

const group = (): PlantedGroup => ({ count: 0, examples: [] });

function note(g: PlantedGroup, id: number, name: string) {
  g.count++;
  if (g.examples.length < EXAMPLES) g.examples.push({ id, name });
}

function remember(map: Map<S.StaffKey | 'any', number[]>, key: S.StaffKey | 'any', companyId: number) {
  const list = map.get(key) ?? [];
  if (list.length < 8) list.push(companyId);
  map.set(key, list);
}

function staffKeyOf(world: DemoWorld, employeeId: number): S.StaffKey | undefined {
  return S.STAFF.find((s) => world.staff[s.key].id === employeeId)?.key;
}
