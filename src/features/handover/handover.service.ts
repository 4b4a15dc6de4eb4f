import type { AppContext } from '../../app-context.js';
import { type Actor, isManagement } from '../../domain/actor.js';
import { dateIn } from '../../domain/signals.js';
import { DomainError, forbidden, invalidField, notFound } from '../../domain/errors.js';
import { measureBalance } from '../../domain/handover/balance.js';
import { explained, type ReasonCode, renderWarning, spreadParams, type Warning, type WarningCode } from '../../domain/handover/reasons.js';
import { type HandoverRules, tenureMonths } from '../../domain/handover/rules.js';
import { appendAudit } from '../audit/audit.service.js';
import * as employees from '../employees/employees.repository.js';
import * as repo from './handover.repository.js';
import type { Handover, HandoverItem, HandoverListQuery, HandoverSummary, HandoverUpdate, ItemListQuery } from './handover.schema.js';

/** Handovers are run by management: head of sales, director, admin. */
export function assertHandoverAccess(actor: Actor) {
  if (!isManagement(actor)) throw forbidden('Only the head of sales, a director or an admin can run handovers');
}

/** Today in the company's time zone: last days, first days and return dates are calendar days there. */
export const today = (ctx: AppContext) => dateIn(ctx.config.timeZone, new Date());

export const rulesOf = (s: repo.SettingsRow): HandoverRules => ({
  minTenureMonths: s.min_tenure_months,
  loadTolerancePct: Number(s.load_tolerance_pct),
  recentInteractionDays: s.recent_interaction_days,
});

export async function loadHandover(ctx: AppContext, id: number): Promise<repo.HandoverRow> {
  const row = await repo.findHandover(ctx.db, { id });
  if (!row) throw notFound('Handover', id);
  return row;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toSummary(row: repo.HandoverRow): HandoverSummary {
  return {
    id: row.id,
    kind: row.kind as Handover['kind'],
    status: row.status as Handover['status'],
    employeeId: row.employee_id,
    employeeName: row.employee_name,
    firstDay: row.first_day,
    lastDay: row.last_day,
    absentFrom: row.absent_from,
    absentTo: row.absent_to,
    toCompetitor: row.to_competitor,
    createdAt: row.created_at.toISOString(),
  };
}

const REMEASURED = new Set<WarningCode>(['unplaced_a', 'unplaced', 'count_spread', 'revenue_spread_unsplittable', 'revenue_spread', 'unassigned_items']);

/** The draft's warnings as codes; a plan drafted before codes existed kept only English texts. */
function draftedWarnings(summary: unknown): Warning[] {
  const s = (summary ?? {}) as { warnings?: string[]; warningItems?: Warning[] };
  if (s.warningItems) return [...s.warningItems];
  return (s.warnings ?? []).filter((w) => !/differ by more than|have no successor/.test(w)).map((text) => ({ code: 'text', params: { text } }));
}

export async function getHandover(ctx: AppContext, actor: Actor, id: number): Promise<Handover> {
  assertHandoverAccess(actor);
  const row = await loadHandover(ctx, id);
  const settings = await repo.getSettings(ctx.db);
  const counts: Record<string, Record<string, number>> = {};
  let unassigned = 0;
  for (const c of await repo.countItems(ctx.db, { handoverId: id })) {
    (counts[c.kind] ??= {})[c.status] = c.n;
    if (c.status === 'planned') unassigned += c.unassigned;
  }
  const loads = (await repo.successorLoads(ctx.db, { handoverId: id })).rows.map((l) => ({
    successorId: l.successor_id,
    successorName: l.name,
    tenureMonths: tenureMonths(l.hired_on, row.first_day),
    clients: l.clients,
    aClients: l.a_clients,
    revenue: l.revenue,
    deals: l.deals,
    tasks: l.tasks,
    orders: l.orders,
    seats: l.seats,
  }));
  const tol = Number(settings.load_tolerance_pct) / 100;
  const balance = measureBalance(loads.filter((l) => l.clients > 0).map((l) => ({ successorId: l.successorId, clients: l.clients, revenue: l.revenue })), tol);
  // What the draft warned about that still holds; balance and unassigned items are measured again now.
  const warningItems = draftedWarnings(row.summary).filter((w) => !REMEASURED.has(w.code));
  if (unassigned) warningItems.unshift({ code: 'unassigned_items', params: { count: unassigned } });
  if (!balance.count.withinTolerance) warningItems.push({ code: 'count_spread', params: spreadParams(balance.tolerancePct, balance.count) });
  if (!balance.revenue.withinTolerance) warningItems.push({ code: 'revenue_spread', params: spreadParams(balance.tolerancePct, balance.revenue) });
  return {
    ...toSummary(row),
    employeeEmail: row.employee_email,
    reason: row.reason,
    successorPool: row.successor_pool,
    callScript: row.call_script,
    retentionOffer: row.retention_offer,
    creditSharePct: row.credit_share_pct,
    creditMonths: row.credit_months,
    counts,
    unassigned,
    loads,
    balance,
    warnings: warningItems.map(renderWarning),
    warningItems,
    result: row.result ?? null,
    createdBy: row.created_by,
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    executedBy: row.executed_by,
    executedAt: iso(row.executed_at),
    credentialsRevokedAt: iso(row.credentials_revoked_at),
    returnedAt: iso(row.returned_at),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listHandovers(ctx: AppContext, actor: Actor, query: HandoverListQuery) {
  assertHandoverAccess(actor);
  const page = await repo.listHandovers(ctx.db, query);
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

function toItemDto(r: repo.ItemRow): HandoverItem {
  return {
    id: r.id,
    kind: r.kind as HandoverItem['kind'],
    entityId: r.entity_id,
    title: r.title,
    companyId: r.company_id,
    companyName: r.company_name,
    abc: r.abc as HandoverItem['abc'],
    revenue: r.revenue,
    seatRole: r.seat_role,
    previousOwnerId: r.previous_owner_id,
    successorId: r.successor_id,
    successorName: r.successor_name,
    followsClient: r.follows_client,
    reason: r.reason,
    reasonCode: r.reason_code as ReasonCode | null,
    reasonParams: (r.reason_params ?? null) as HandoverItem['reasonParams'],
    status: r.status as HandoverItem['status'],
    note: r.note,
  };
}

export async function listItems(ctx: AppContext, actor: Actor, id: number, query: ItemListQuery) {
  assertHandoverAccess(actor);
  await loadHandover(ctx, id);
  const page = await repo.listItems(ctx.db, { ...query, handoverId: id });
  return { items: page.items.map(toItemDto), nextCursor: page.nextCursor };
}

/** PATCH: reassign items by hand (a client takes its following items along), edit the script and offer. */
export async function updateHandover(ctx: AppContext, actor: Actor, id: number, input: HandoverUpdate): Promise<Handover> {
  assertHandoverAccess(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const h = await repo.findHandover(trx, { id, forUpdate: true });
    if (!h) throw notFound('Handover', id);
    if (h.status !== 'draft') throw new DomainError('conflict', `Handover ${id} is ${h.status}; only a draft can be changed`);
    const settings = await repo.getSettings(trx);
    const items = new Map((await repo.findItems(trx, { handoverId: id, ids: input.assignments.map((a) => a.itemId) })).map((i) => [i.id, i]));
    const people = new Map((await repo.findCandidates(trx, { ids: input.assignments.map((a) => a.successorId) })).map((e) => [e.id, e]));
    const pool = new Set(h.successor_pool);
    for (const [n, a] of input.assignments.entries()) {
      const item = items.get(a.itemId);
      if (!item) throw invalidField(`assignments.${n}.itemId`, `no item ${a.itemId} in handover ${id}`);
      const who = people.get(a.successorId);
      const field = `assignments.${n}.successorId`;
      if (!who) throw invalidField(field, `no employee ${a.successorId}`);
      if (who.id === h.employee_id) throw invalidField(field, 'cannot be the person handing over');
      if (who.status !== 'active' || who.archived_at) throw invalidField(field, `employee ${who.id} is not active (${who.status})`);
      const tenure = tenureMonths(who.hired_on, h.first_day);
      if (item.kind === 'client' && item.abc === 'A' && tenure < settings.min_tenure_months) {
        throw invalidField(field, `${who.name} has ${tenure} months here; A clients go only to managers with at least ${settings.min_tenure_months}`);
      }
      const why = explained({ code: 'reassigned', params: { successor: who.name, actor: actor.name } });
      await repo.reassignItem(trx, { handoverId: id, itemId: item.id, successorId: who.id, ...why, note: a.note ?? null, cascadeCompanyId: item.kind === 'client' ? item.entity_id : null });
      pool.add(who.id);
    }
    await repo.updateHandover(trx, {
      id,
      values: {
        successor_pool: [...pool],
        ...(input.callScript !== undefined ? { call_script: input.callScript } : {}),
        ...(input.retentionOffer !== undefined ? { retention_offer: input.retentionOffer } : {}),
      },
    });
    if (input.assignments.length) {
      await appendAudit(trx, { actorId: actor.id, action: 'handover.adjust', entity: 'handover', entityId: id, details: { assignments: input.assignments.map((a) => ({ itemId: a.itemId, successorId: a.successorId })) } });
    }
  });
  return getHandover(ctx, actor, id);
}

/** The head of sales signs the plan off: every item has an active successor. */
export async function approveHandover(ctx: AppContext, actor: Actor, id: number): Promise<Handover> {
  assertHandoverAccess(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const h = await repo.findHandover(trx, { id, forUpdate: true });
    if (!h) throw notFound('Handover', id);
    if (h.status !== 'draft') throw new DomainError('conflict', `Handover ${id} is ${h.status}; only a draft can be approved`);
    const missing = (await repo.countItems(trx, { handoverId: id })).reduce((n, c) => n + c.unassigned, 0);
    if (missing) throw new DomainError('validation', `${missing} item(s) have no successor`, [{ field: 'assignments', message: `${missing} item(s) have no successor` }]);
    await repo.updateHandover(trx, { id, values: { status: 'approved', approved_by: actor.id, approved_at: new Date() } });
    await appendAudit(trx, { actorId: actor.id, action: 'handover.approve', entity: 'handover', entityId: id, details: { callScript: h.call_script, retentionOffer: h.retention_offer } });
  });
  return getHandover(ctx, actor, id);
}

/** Drops a plan that has not run; a departing person becomes active again. */
export async function cancelHandover(ctx: AppContext, actor: Actor, id: number): Promise<Handover> {
  assertHandoverAccess(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const h = await repo.findHandover(trx, { id, forUpdate: true });
    if (!h) throw notFound('Handover', id);
    if (h.status !== 'draft' && h.status !== 'approved') throw new DomainError('conflict', `Handover ${id} is ${h.status}; it can no longer be cancelled`);
    await repo.updateHandover(trx, { id, values: { status: 'cancelled', cancelled_at: new Date() } });
    if (h.kind === 'departure' && h.employee_status === 'departing') {
      await employees.updateEmployee(trx, { id: h.employee_id, values: { status: 'active' } });
      await employees.insertStatusChange(trx, { employeeId: h.employee_id, fromStatus: 'departing', toStatus: 'active', changedBy: actor.id });
    }
    await appendAudit(trx, { actorId: actor.id, action: 'handover.cancel', entity: 'handover', entityId: id });
  });
  return getHandover(ctx, actor, id);
}
