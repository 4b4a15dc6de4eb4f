import type { ClientPlan } from './demo.plan.js';
import { periodDays } from './demo.plan.js';
import * as T from './demo.texts.js';
import { fullName, MAIL_DOMAINS, mobile, person, POSITIONS, translit } from './demo.words.js';
import { dayOf, isoDay, money, stamp, type ChunkTables, type DemoWorld } from './demo.world.js';

// Everything around a client except its orders: team seats, contacts, activities, deals, tasks.
export type NextIds = { company: number; contact: number; seat: number; order: number; line: number; deal: number; history: number; activity: number; task: number };

export type Ownership = {
  owner: number;
  ownerSince: number;
  /** the hunter or colleague who held the client before a handover */
  previous: { id: number; role: 'owner' | 'hunter'; since: number; until: number } | null;
  backup: { id: number; since: number } | null;
  service: { id: number; since: number } | null;
  sourceId: number | null;
};

export const ownerAt = (own: Ownership) => (day: number) => (own.previous && day < own.previous.until ? own.previous.id : own.owner);

export function writeSeats(tables: ChunkTables, ids: NextIds, companyId: number, own: Ownership) {
  const seat = (employeeId: number, role: string, since: number, until: number | null) => {
    const s = stamp(since, 600);
    tables.account_team.add(ids.seat++, companyId, employeeId, role, s, until === null ? null : stamp(until, 600), s, until === null ? s : stamp(until, 600));
  };
  if (own.previous) seat(own.previous.id, own.previous.role, own.previous.since, own.previous.until);
  seat(own.owner, 'owner', own.ownerSince, null);
  if (own.backup) seat(own.backup.id, 'backup', own.backup.since, null);
  if (own.service) seat(own.service.id, 'service', own.service.since, null);
}

export function writeContacts(tables: ChunkTables, ids: NextIds, plan: ClientPlan, companyId: number, domain: string | null): number[] {
  const { rng } = plan;
  const count = plan.big ? 3 : 1 + rng.weighted([0.45, 0.35, 0.2]);
  const created = stamp(plan.createdDay, 630);
  const contactIds: number[] = [];
  for (let n = 0; n < count; n++) {
    const p = person(rng);
    const position = n === 0 ? POSITIONS[rng.int(0, 3)] : rng.pick(POSITIONS);
    const decisionMaker = n === 0 || rng.chance(position?.dm ?? 0);
    const phones = [mobile(rng)];
    if (rng.chance(0.25)) phones.push(mobile(rng));
    const local = `${translit(p.first)}.${translit(p.last)}`;
    const email = domain ? `${local}@${domain}` : `${local}${rng.int(1, 99)}@${rng.pick(MAIL_DOMAINS)}`;
    const birthday = rng.chance(0.4) ? isoDay(dayOf(`${rng.int(1962, 1998)}-01-01`) + rng.int(0, 364)) : null;
    const id = ids.contact++;
    contactIds.push(id);
    tables.contacts.add(id, companyId, fullName(p), position?.title, decisionMaker, `{${phones.join(',')}}`, `{${email}}`, birthday, created, created);
  }
  return contactIds;
}

type Ctx = { world: DemoWorld; tables: ChunkTables; ids: NextIds; plan: ClientPlan; own: Ownership; companyId: number; category: string };

export function writeActivities(c: Ctx, contacts: number[]) {
  const { world, plan, own } = c;
  const { rng } = plan;
  const today = world.today;
  const owner = ownerAt(own);
  const lo = Math.max(plan.createdDay, today - periodDays(world));
  const hi = plan.kind === 'prospect' ? today - 1 : Math.min(plan.stopDay + 45, today - 1);
  const scale = plan.kind === 'lost' || plan.kind === 'at_risk' ? 0.7 : 1;
  const count = plan.kind === 'prospect' ? rng.int(1, 4) : Math.round(world.years * scale * (0.8 + 1.1 * Math.log1p(plan.size)) * rng.float(0.6, 1.4));
  const add = (type: string, employeeId: number, day: number, direction: string | null, summary: string) => {
    const at = stamp(day, 540 + rng.int(0, 560));
    c.tables.activities.add(c.ids.activity++, type, employeeId, c.companyId, rng.pick(contacts), at, direction, summary, at, at);
  };
  for (let n = 0; n < count && lo <= hi; n++) {
    const day = rng.int(lo, hi);
    // Planted (1): a single-knower client hears from its owner and nobody else.
    const who = plan.singleKnower || plan.kind === 'prospect' ? 0 : rng.weighted([0.72, own.backup && own.backup.since <= day ? 0.15 : 0, 0.06, 0.07]);
    if (who === 2) add('call', world.staff.fedorova.id, day, 'inbound', rng.pick(T.CALL_CENTRE_TEXT));
    else if (who === 3) add('note', rng.chance(0.5) ? world.staff.egorov.id : world.staff.stepanova.id, day, null, rng.pick(T.SERVICE_TEXT));
    else {
      const type = T.ACTIVITY_TYPES[rng.weighted(T.ACTIVITY_TYPE_WEIGHTS)] ?? 'call';
      const direction = type === 'call' ? (rng.chance(0.7) ? 'outbound' : 'inbound') : type === 'email' ? (rng.chance(0.6) ? 'outbound' : 'inbound') : null;
      add(type, who === 1 && own.backup ? own.backup.id : owner(day), day, direction, T.fill(rng.pick(T.ACTIVITY_TEXT[type]), c.category));
    }
  }
  if (plan.kind === 'active') add('call', owner(today - 1), today - rng.int(1, 21), 'outbound', T.fill(rng.pick(T.ACTIVITY_TEXT.call), c.category));
  const greeting = dayOf(`${isoDay(today).slice(0, 4)}-01-01`) - 3;
  if (plan.big && !plan.singleKnower && greeting >= lo && greeting <= hi) add('email', world.staff.director.id, greeting, 'outbound', T.GREETING_TEXT);
  if (plan.kind === 'lost' && rng.chance(0.6)) {
    add('note', owner(plan.stopDay), Math.min(today - 1, plan.stopDay + rng.int(40, 90)), null, `Клиент перестал заказывать: ${rng.pick(T.LOST_REASONS)}`);
  }
}

/** Writes 0-2 deals; the first deals of the whole run walk every stage once so each is present. */
export function writeDeals(c: Ctx, dealSeq: { n: number }) {
  const { world, plan, own } = c;
  const { rng } = plan;
  const chance = plan.kind === 'prospect' ? 0.6 : plan.kind === 'active' ? (plan.big ? 0.5 : 0.15) : 0.05;
  const count = rng.chance(chance) ? (plan.big && rng.chance(0.3) ? 2 : 1) : 0;
  const open = world.stages.filter((s) => s.kind === 'open');
  const weights = world.stages.map((s) => (s.kind === 'open' ? 1.5 : s.kind === 'won' ? (plan.kind === 'prospect' ? 0 : 2.5) : 1.2));
  const span = Math.min(400, periodDays(world));
  for (let n = 0; n < count; n++) {
    const target = world.stages[dealSeq.n < world.stages.length ? dealSeq.n : rng.weighted(weights)];
    dealSeq.n++;
    if (!target) continue;
    const path = target.kind === 'open' ? open.slice(0, open.indexOf(target) + 1) : [...open.slice(0, rng.int(target.kind === 'won' ? Math.min(2, open.length) : 1, open.length)), target];
    let day = world.today - (target.kind === 'open' ? rng.int(3, 150) : rng.int(20, span));
    const dealId = c.ids.deal++;
    const stamps: string[] = [];
    let from: number | null = null;
    for (const [step, stage] of path.entries()) {
      const at = stamp(Math.min(day, world.today), 540 + step * 90 + rng.int(0, 80));
      stamps.push(at);
      c.tables.deal_stage_history.add(c.ids.history++, dealId, from, stage.id, own.owner, at);
      from = stage.id;
      day += rng.int(2, 21);
    }
    const closed = target.kind !== 'open';
    const last = stamps[stamps.length - 1] ?? null;
    const base = plan.size * 100_000_00 * (plan.kind === 'prospect' ? rng.float(0.2, 1) : rng.float(0.05, 0.4));
    const amountKop = Math.max(10_000_00, Math.round(base / 100_000) * 100_000);
    const expected = closed ? last?.slice(0, 10) : isoDay(world.today + rng.int(7, 90));
    const title = T.fill(rng.pick(T.DEAL_TITLES), c.category);
    c.tables.deals.add(dealId, c.companyId, title, target.id, money(amountKop), expected, own.owner, closed ? last : null, stamps[0], last);
    if (!closed && rng.chance(0.5)) task(c, own.owner, T.TASK_DEAL, world.today + rng.int(-3, 5), { dealId });
  }
}

export function writeTasks(c: Ctx) {
  const { world, plan, own } = c;
  const { rng } = plan;
  if (plan.kind === 'prospect') task(c, own.owner, T.TASK_PROSPECT, world.today + rng.int(-3, 10), {});
  if (plan.kind === 'at_risk') task(c, own.owner, T.TASK_RULE_SILENT, world.today - rng.int(0, 10), { rule: true });
  if (plan.kind !== 'active') return;
  if (rng.chance(0.45)) {
    const done = rng.pick(T.TASK_DONE);
    task(c, own.owner, T.fill(done.title, c.category), world.today - rng.int(5, 200), { result: T.fill(done.result, c.category) });
  }
  if (rng.chance(0.25)) task(c, own.owner, T.fill(rng.pick(T.TASK_OPEN), c.category), world.today + rng.int(-7, 14), {});
}

type TaskOptions = { dealId?: number; rule?: boolean; result?: string };

export function task(c: Pick<Ctx, 'tables' | 'ids' | 'world'> & { companyId: number | null; plan: { rng: ClientPlan['rng'] } }, assignee: number, title: string, dueDay: number, o: TaskOptions) {
  const { rng } = c.plan;
  const due = stamp(dueDay, 600 + rng.int(0, 480));
  const created = stamp(Math.min(dueDay, c.world.today) - rng.int(1, 14), 540);
  const done = o.result !== undefined;
  const completed = done ? stamp(Math.min(c.world.today - 1, dueDay + rng.int(-1, 2)), 1000) : null;
  c.tables.tasks.add(c.ids.task++, title, due, assignee, c.companyId, o.dealId ?? null, done ? 'done' : 'open', o.rule ? 'rule' : 'manual', o.result ?? null, completed, o.rule ? null : assignee, created, completed ?? created);
}
