import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import { type Candidate, planClients } from '../../domain/handover/plan.js';
import { renderWarning, type Warning } from '../../domain/handover/reasons.js';
import type { HandoverRules } from '../../domain/handover/rules.js';
import { fallbackSuccessor, planSeats } from '../../domain/handover/seats.js';
import { appendAudit } from '../audit/audit.service.js';
import { revokeAllCredentials } from '../auth/auth.repository.js';
import * as employees from '../employees/employees.repository.js';
import * as draft from './handover-draft.repository.js';
import { analyzeItems } from './handover-execute.repository.js';
import { insertDependentItems } from './handover-items.repository.js';
import * as repo from './handover.repository.js';
import type { AbsenceCreate, DepartureCreate, Handover, HunterHandoverCreate } from './handover.schema.js';
import { assertHandoverAccess, getHandover, rulesOf, today } from './handover.service.js';

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Opening = {
  kind: 'departure' | 'absence' | 'hunter';
  employeeId: number;
  firstDay: string;
  successorIds: number[] | undefined;
  scope: draft.Scope;
  values: Pick<repo.NewHandover, 'reason' | 'to_competitor' | 'last_day' | 'absent_from' | 'absent_to' | 'credit_share_pct' | 'credit_months'>;
};

/** POST /employees/{id}/departure: the plan is drafted at once; access ends now when going to a competitor. */
export async function openDeparture(ctx: AppContext, actor: Actor, employeeId: number, input: DepartureCreate): Promise<Handover> {
  assertHandoverAccess(actor);
  const now = today(ctx);
  // The successors take over the day after the last day (today if that has passed), or today when
  // the person goes to a competitor.
  const dayAfter = addDays(input.lastDay, 1);
  const firstDay = input.toCompetitor || dayAfter < now ? now : dayAfter;
  return open(ctx, actor, {
    kind: 'departure',
    employeeId,
    firstDay,
    successorIds: input.successorIds,
    scope: null,
    values: { reason: input.reason ?? null, to_competitor: input.toCompetitor, last_day: input.lastDay, absent_from: null, absent_to: null, credit_share_pct: null, credit_months: null },
  });
}

/** POST /employees/{id}/absence: the same plan; everything comes back on the return date. */
export async function openAbsence(ctx: AppContext, actor: Actor, employeeId: number, input: AbsenceCreate): Promise<Handover> {
  assertHandoverAccess(actor);
  if (input.to <= today(ctx)) throw invalidField('to', 'the return date must be in the future');
  return open(ctx, actor, {
    kind: 'absence',
    employeeId,
    firstDay: input.from < today(ctx) ? today(ctx) : input.from,
    successorIds: input.successorIds,
    scope: null,
    values: { reason: input.reason ?? null, to_competitor: false, last_day: null, absent_from: input.from, absent_to: input.to, credit_share_pct: null, credit_months: null },
  });
}

/** POST /employees/{id}/hunter-handover: won clients move from a hunter to an account manager, who owes the hunter a share. */
export async function openHunterHandover(ctx: AppContext, actor: Actor, employeeId: number, input: HunterHandoverCreate): Promise<Handover> {
  assertHandoverAccess(actor);
  const companyIds = [...new Set(input.companyIds)];
  const owned = await ctx.db.selectFrom('companies').select('id').where('id', 'in', companyIds).where('owner_id', '=', employeeId).execute();
  const ownedIds = new Set(owned.map((r) => r.id));
  const bad = companyIds.findIndex((id) => !ownedIds.has(id));
  if (bad >= 0) throw invalidField(`companyIds.${bad}`, `company ${companyIds[bad]} is not a client of employee ${employeeId}`);
  return open(ctx, actor, {
    kind: 'hunter',
    employeeId,
    firstDay: today(ctx),
    successorIds: input.accountManagerId ? [input.accountManagerId] : input.successorIds,
    scope: companyIds,
    values: { reason: null, to_competitor: false, last_day: null, absent_from: null, absent_to: null, credit_share_pct: String(input.creditSharePct), credit_months: input.creditMonths },
  });
}

async function open(ctx: AppContext, actor: Actor, o: Opening): Promise<Handover> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    const person = await employees.findEmployee(trx, { id: o.employeeId, forUpdate: true });
    if (!person) throw notFound('Employee', o.employeeId);
    const openPlan = await trx.selectFrom('handovers').select('id').where('employee_id', '=', o.employeeId).where('status', 'in', ['draft', 'approved']).executeTakeFirst();
    if (openPlan) throw new DomainError('conflict', `Employee ${o.employeeId} already has handover ${openPlan.id} in progress; finish or cancel it first`);
    if (o.kind !== 'departure' && person.status === 'departed') throw new DomainError('conflict', `Employee ${o.employeeId} has left`);
    const settings = await repo.getSettings(trx);
    const pool = await resolvePool(trx, o.employeeId, o.successorIds);
    const { id } = await repo.insertHandover(trx, {
      values: { ...o.values, kind: o.kind, employee_id: o.employeeId, first_day: o.firstDay, successor_pool: pool, call_script: settings.call_script, retention_offer: settings.retention_offer, created_by: actor.id },
    });
    const warningItems = await draftItems(trx, { handoverId: id, employeeId: o.employeeId, pool, scope: o.scope, asOf: o.firstDay, settings });
    await repo.updateHandover(trx, { id, values: { summary: JSON.stringify({ warnings: warningItems.map(renderWarning), warningItems }) } });
    if (o.kind === 'departure') await markDeparting(trx, { employeeId: o.employeeId, from: person.status, toCompetitor: o.values.to_competitor, handoverId: id, actorId: actor.id });
    await appendAudit(trx, { actorId: actor.id, action: `handover.${o.kind}.open`, entity: 'handover', entityId: id, details: { employeeId: o.employeeId, firstDay: o.firstDay, toCompetitor: o.values.to_competitor } });
    return id;
  });
  return getHandover(ctx, actor, id);
}

// Going to a competitor ends access at once: 'departed' also stops a fresh login with the password.
async function markDeparting(db: Kysely<DB>, o: { employeeId: number; from: string; toCompetitor: boolean; handoverId: number; actorId: number }) {
  const to = o.toCompetitor ? 'departed' : 'departing';
  if (o.from !== to) {
    await employees.updateEmployee(db, { id: o.employeeId, values: { status: to } });
    await employees.insertStatusChange(db, { employeeId: o.employeeId, fromStatus: o.from, toStatus: to, changedBy: o.actorId });
  }
  if (o.toCompetitor) {
    await revokeAllCredentials(db, { employeeId: o.employeeId });
    await repo.updateHandover(db, { id: o.handoverId, values: { credentials_revoked_at: new Date() } });
  }
}

/** The chosen successors, each checked; or the default pool. */
async function resolvePool(db: Kysely<DB>, employeeId: number, ids: number[] | undefined): Promise<number[]> {
  if (!ids) return repo.defaultPool(db, { exceptId: employeeId });
  const unique = [...new Set(ids)];
  const rows = new Map((await repo.findCandidates(db, { ids: unique })).map((r) => [r.id, r]));
  unique.forEach((sid, i) => {
    const r = rows.get(sid);
    if (sid === employeeId) throw invalidField(`successorIds.${i}`, 'cannot be the person handing over');
    if (!r) throw invalidField(`successorIds.${i}`, `no employee ${sid}`);
    if (r.status !== 'active' || r.archived_at) throw invalidField(`successorIds.${i}`, `employee ${sid} is not active (${r.status})`);
  });
  return unique;
}

/** Runs the domain planner over the person's clients and seats, then derives deals, tasks and orders in SQL. */
export async function draftItems(
  db: Kysely<DB>,
  o: { handoverId: number; employeeId: number; pool: number[]; scope: draft.Scope; asOf: string; settings: repo.SettingsRow },
): Promise<Warning[]> {
  const rules: HandoverRules = rulesOf(o.settings);
  const candidates: Candidate[] = (await repo.findCandidates(db, { ids: o.pool }))
    .filter((r) => r.status === 'active' && !r.archived_at && r.id !== o.employeeId)
    .map((r) => ({ id: r.id, name: r.name, role: r.role, hiredOn: r.hired_on }));
  const poolIds = candidates.map((c) => c.id);
  // One after another: a transaction is one connection.
  const clients = await draft.loadClients(db, { employeeId: o.employeeId, asOf: o.asOf, scope: o.scope, kaMinPotential: o.settings.key_account_min_potential, kaMaxSharePct: o.settings.key_account_max_share_pct });
  const knowers = await draft.loadKnowers(db, { employeeId: o.employeeId, pool: poolIds, recentDays: rules.recentInteractionDays, scope: o.scope });
  const seats = await draft.loadSeats(db, { employeeId: o.employeeId, scope: o.scope });
  const known = new Map<number, { employeeId: number; how: draft.KnowerRow['how'] }[]>();
  for (const k of knowers) known.set(k.company_id, [...(known.get(k.company_id) ?? []), { employeeId: k.employee_id, how: k.how }]);

  const plan = planClients({
    clients: clients.map((c) => ({ companyId: c.id, name: c.name, revenue: c.revenue, abc: c.abc, keyAccountCandidate: c.ka_candidate, knownBy: known.get(c.id) ?? [] })),
    candidates,
    rules,
    asOf: o.asOf,
  });
  const byCompany = new Map(clients.map((c) => [c.id, c]));
  await draft.insertClientItems(db, {
    handoverId: o.handoverId,
    previousOwnerId: o.employeeId,
    rows: plan.clients.map((a) => ({ entityId: a.companyId, successorId: a.successorId, reason: a.reason, reasonCode: a.reasonCode, reasonParams: a.reasonParams, abc: byCompany.get(a.companyId)?.abc ?? 'C', revenue: byCompany.get(a.companyId)?.revenue ?? '0' })),
  });
  const clientCounts = new Map(plan.loads.map((l) => [l.successorId, l.clients]));
  const seatPlan = planSeats({
    seats: seats.filter((s) => !s.owned).map((s) => ({ seatId: s.id, companyId: s.company_id, companyName: s.company_name, role: s.role, knownBy: known.get(s.company_id) ?? [], holders: s.holders })),
    candidates,
    clientCounts,
  });
  await draft.insertSeatItems(db, { handoverId: o.handoverId, previousOwnerId: o.employeeId, rows: seatPlan.map((s) => ({ entityId: s.seatId, successorId: s.successorId, reason: s.reason, reasonCode: s.reasonCode, reasonParams: s.reasonParams })) });
  const fallback = fallbackSuccessor(candidates, clientCounts);
  await analyzeItems(db);
  await insertDependentItems(db, { handoverId: o.handoverId, employeeId: o.employeeId, scope: o.scope, fallbackId: fallback?.id ?? null });
  return candidates.length ? plan.warningItems : [{ code: 'no_successors', params: {} }];
}
