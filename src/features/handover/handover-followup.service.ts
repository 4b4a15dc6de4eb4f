import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { toMinor } from '../../domain/money.js';
import { maskAddress } from '../../domain/masking.js';
import * as repo from './handover.repository.js';
import type { FollowUp, HandoverMessage, HandoverSettings, HandoverSettingsUpdate, MessageListQuery, MessageUpdate } from './handover.schema.js';
import { assertHandoverAccess, loadHandover, today } from './handover.service.js';
import { invalidField } from '../../domain/errors.js';
import { unknownPlaceholders } from '../../domain/handover/rules.js';
import { appendAudit } from '../audit/audit.service.js';

const WINDOWS = [30, 60, 90];
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const changePct = (after: string, before: string) => {
  const b = toMinor(before);
  if (b === 0n) return null;
  return Math.round((Number(toMinor(after) - b) / Number(b)) * 10000) / 100;
};

/** Revenue of the handed-over clients 30/60/90 days after execution against the same number of days before. */
export async function getFollowUp(ctx: AppContext, actor: Actor, id: number, asOf?: string): Promise<FollowUp> {
  assertHandoverAccess(actor);
  const h = await loadHandover(ctx, id);
  if (!h.executed_at) throw new DomainError('conflict', `Handover ${id} has not been executed yet`);
  const d = h.executed_at.toISOString().slice(0, 10);
  const rows = (
    await sql<{ days: number; successor_id: number | null; name: string | null; clients: number; after: string; before: string }>`
    with moved as (
      select i.entity_id as company_id, i.successor_id from handover_items i
      where i.handover_id = ${id} and i.kind = 'client' and i.status in ('done', 'returned', 'kept')
    ), sales as (
      select o.company_id, o.ordered_on, o.total from orders o join moved m on m.company_id = o.company_id
      where o.status in ('confirmed', 'shipped', 'completed') and o.archived_at is null
        and o.ordered_on >= ${d}::date - 90 and o.ordered_on < ${d}::date + 90
    ), per_client as (
      select m.company_id, m.successor_id, w.days,
        coalesce(sum(s.total) filter (where s.ordered_on >= ${d}::date and s.ordered_on < ${d}::date + w.days), 0) as after,
        coalesce(sum(s.total) filter (where s.ordered_on >= ${d}::date - w.days and s.ordered_on < ${d}::date), 0) as before
      from moved m cross join unnest(${WINDOWS}::int[]) as w(days) left join sales s on s.company_id = m.company_id
      group by m.company_id, m.successor_id, w.days
    )
    select p.days, p.successor_id, e.name, count(*)::int as clients, sum(p.after)::numeric(15,2)::text as after, sum(p.before)::numeric(15,2)::text as before
    from per_client p left join employees e on e.id = p.successor_id
    group by grouping sets ((p.days), (p.days, p.successor_id, e.name))
    order by p.successor_id nulls first, p.days`.execute(ctx.db)
  ).rows;
  const window = (r: (typeof rows)[number]) => ({
    days: r.days,
    from: d,
    to: addDays(d, r.days),
    revenueAfter: r.after,
    revenueBefore: r.before,
    changePct: changePct(r.after, r.before),
    complete: (asOf ?? today(ctx)) >= addDays(d, r.days),
  });
  const totals = rows.filter((r) => r.successor_id === null);
  const bySuccessor = new Map<number, FollowUp['bySuccessor'][number]>();
  for (const r of rows.filter((r) => r.successor_id !== null)) {
    const s = bySuccessor.get(r.successor_id as number) ?? { successorId: r.successor_id as number, successorName: r.name ?? '', clients: r.clients, windows: [] };
    s.windows.push(window(r));
    bySuccessor.set(s.successorId, s);
  }
  const o = (
    await sql<FollowUp['outreach']>`
    select count(*) filter (where m.channel = 'call')::int as calls,
      count(*) filter (where m.channel = 'call' and t.status = 'done')::int as "callsDone",
      count(*) filter (where m.channel = 'email')::int as emails,
      count(*) filter (where m.status in ('sent', 'reached'))::int as sent,
      count(*) filter (where m.status = 'reached')::int as reached,
      count(*) filter (where m.status = 'failed')::int as failed,
      count(*) filter (where m.status = 'no_address')::int as "noAddress"
    from handover_messages m left join tasks t on t.id = m.task_id where m.handover_id = ${id}`.execute(ctx.db)
  ).rows[0] as FollowUp['outreach'];
  return { handoverId: id, executedOn: d, clients: totals[0]?.clients ?? 0, windows: totals.map(window), bySuccessor: [...bySuccessor.values()], outreach: o };
}

/** A message as the reader may see it: the client's phone or address masked as their policy says. */
function toMessageDto(actor: Actor, r: repo.MessageRow): HandoverMessage {
  const channel = r.channel as HandoverMessage['channel'];
  return {
    id: r.id,
    companyId: r.company_id,
    companyName: r.company_name,
    contactId: r.contact_id,
    successorId: r.successor_id,
    channel,
    step: r.step,
    fromAddress: r.from_address,
    toAddress: maskAddress(actor, channel, r.to_address),
    subject: r.subject,
    body: r.body,
    dueOn: r.due_on,
    taskId: r.task_id,
    status: r.status as HandoverMessage['status'],
    sentAt: r.sent_at?.toISOString() ?? null,
    reachedAt: r.reached_at?.toISOString() ?? null,
    note: r.note,
  };
}

export async function listMessages(ctx: AppContext, actor: Actor, id: number, query: MessageListQuery) {
  assertHandoverAccess(actor);
  await loadHandover(ctx, id);
  const page = await repo.listMessages(ctx.db, { ...query, handoverId: id });
  return { items: page.items.map((r) => toMessageDto(actor, r)), nextCursor: page.nextCursor };
}

/** Records that a message went out, or that the client was reached (who was reached is the follow-up record). */
export async function updateMessage(ctx: AppContext, actor: Actor, id: number, messageId: number, input: MessageUpdate): Promise<HandoverMessage> {
  assertHandoverAccess(actor);
  const found = await repo.findMessage(ctx.db, { handoverId: id, id: messageId });
  if (!found) throw notFound('Message', messageId);
  await repo.updateMessage(ctx.db, { id: messageId, status: input.status, note: input.note });
  return toMessageDto(actor, (await repo.findMessage(ctx.db, { handoverId: id, id: messageId })) as repo.MessageRow);
}

function toSettingsDto(s: repo.SettingsRow): HandoverSettings {
  return {
    minTenureMonths: s.min_tenure_months,
    loadTolerancePct: Number(s.load_tolerance_pct),
    recentInteractionDays: s.recent_interaction_days,
    forwardMonths: s.forward_months,
    keyAccountMinPotential: s.key_account_min_potential,
    keyAccountMaxSharePct: Number(s.key_account_max_share_pct),
    callScript: s.call_script,
    retentionOffer: s.retention_offer,
    goodbyeSubject: s.goodbye_subject,
    goodbyeBody: s.goodbye_body,
    welcomeSubject: s.welcome_subject,
    welcomeBody: s.welcome_body,
    updatedAt: s.updated_at.toISOString(),
  };
}

export async function getSettings(ctx: AppContext, actor: Actor): Promise<HandoverSettings> {
  assertHandoverAccess(actor);
  return toSettingsDto(await repo.getSettings(ctx.db));
}

export async function updateSettings(ctx: AppContext, actor: Actor, input: HandoverSettingsUpdate): Promise<HandoverSettings> {
  assertHandoverAccess(actor);
  for (const field of ['callScript', 'goodbyeSubject', 'goodbyeBody', 'welcomeSubject', 'welcomeBody'] as const) {
    const bad = input[field] === undefined ? [] : unknownPlaceholders(input[field] as string);
    if (bad.length) throw invalidField(field, `unknown placeholder {${bad[0]}}; use {client}, {departing}, {successor} or {offer}`);
  }
  const v: Parameters<typeof repo.updateSettings>[1]['values'] = { updated_by: actor.id };
  if (input.minTenureMonths !== undefined) v.min_tenure_months = input.minTenureMonths;
  if (input.loadTolerancePct !== undefined) v.load_tolerance_pct = String(input.loadTolerancePct);
  if (input.recentInteractionDays !== undefined) v.recent_interaction_days = input.recentInteractionDays;
  if (input.forwardMonths !== undefined) v.forward_months = input.forwardMonths;
  if (input.keyAccountMinPotential !== undefined) v.key_account_min_potential = input.keyAccountMinPotential;
  if (input.keyAccountMaxSharePct !== undefined) v.key_account_max_share_pct = String(input.keyAccountMaxSharePct);
  if (input.callScript !== undefined) v.call_script = input.callScript;
  if (input.retentionOffer !== undefined) v.retention_offer = input.retentionOffer;
  if (input.goodbyeSubject !== undefined) v.goodbye_subject = input.goodbyeSubject;
  if (input.goodbyeBody !== undefined) v.goodbye_body = input.goodbyeBody;
  if (input.welcomeSubject !== undefined) v.welcome_subject = input.welcomeSubject;
  if (input.welcomeBody !== undefined) v.welcome_body = input.welcomeBody;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateSettings(trx, { values: v });
    await appendAudit(trx, { actorId: actor.id, action: 'handover.settings', details: { ...input } });
  });
  return toSettingsDto(await repo.getSettings(ctx.db));
}
