import { z } from 'zod';
import { REASON_CODES, WARNING_CODES } from '../../domain/handover/reasons.js';
import { id, isoDate, money, optionalText, page, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const HANDOVER_KINDS = ['departure', 'absence', 'hunter'] as const;
export const HANDOVER_STATUSES = ['draft', 'approved', 'executed', 'returned', 'cancelled'] as const;
export const ITEM_KINDS = ['client', 'deal', 'task', 'order', 'seat'] as const;
export const ITEM_STATUSES = ['planned', 'done', 'skipped', 'returned', 'kept'] as const;
export const MESSAGE_STATUSES = ['draft', 'sent', 'reached', 'failed', 'no_address'] as const;

const successorIds = z.array(id).min(1).max(200).optional().describe('Who may take over; default: every active account and key-account manager');
const percent = z.coerce.number().min(0).max(100);

export const departureCreate = z.object({
  lastDay: isoDate,
  reason: optionalText(2000),
  toCompetitor: z.boolean().default(false).describe('Access ends at once instead of after the last day'),
  successorIds,
});
export type DepartureCreate = z.infer<typeof departureCreate>;

export const absenceCreate = z
  .object({
    from: isoDate.describe('First day away'),
    to: isoDate.describe('The day they are back: everything returns on this date'),
    reason: optionalText(2000),
    successorIds,
  })
  .refine((v) => v.to > v.from, { path: ['to'], message: 'must be after from' });
export type AbsenceCreate = z.infer<typeof absenceCreate>;

export const hunterHandoverCreate = z.object({
  companyIds: z.array(id).min(1).max(500),
  accountManagerId: id.optional().describe('Default: drafted by the same rules as a departure'),
  creditSharePct: z.coerce.number().gt(0).max(100).describe("The hunter's recorded share of credit for these clients"),
  creditMonths: z.coerce.number().int().min(1).max(120).default(12),
  successorIds,
});
export type HunterHandoverCreate = z.infer<typeof hunterHandoverCreate>;

export const handoverUpdate = z.object({
  assignments: z
    .array(z.object({ itemId: id, successorId: id, note: optionalText(1000) }))
    .max(1000)
    .default([])
    .describe("A client's deals, tasks, orders and owner seat follow it unless assigned by hand"),
  callScript: shortText(5000).optional(),
  retentionOffer: z.string().trim().max(2000).optional(),
});
export type HandoverUpdate = z.infer<typeof handoverUpdate>;

const load = z.object({
  successorId: z.number(),
  successorName: z.string(),
  tenureMonths: z.number(),
  clients: z.number(),
  aClients: z.number(),
  revenue: z.string(),
  deals: z.number(),
  tasks: z.number(),
  orders: z.number(),
  seats: z.number(),
});
const codeParams = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const warningItem = z.object({ code: z.enum(WARNING_CODES), params: codeParams }).describe("A warning as a code with parameters, for showing it in the reader's language; 'text' carries an English text from before codes");
const spread = <T extends z.ZodType>(t: T) => z.object({ min: t, max: t, withinTolerance: z.boolean() });

export const handover = z.object({
  id: z.number(),
  kind: z.enum(HANDOVER_KINDS),
  status: z.enum(HANDOVER_STATUSES),
  employeeId: z.number(),
  employeeName: z.string(),
  employeeEmail: z.string(),
  reason: z.string().nullable(),
  toCompetitor: z.boolean(),
  lastDay: z.string().nullable(),
  absentFrom: z.string().nullable(),
  absentTo: z.string().nullable(),
  firstDay: z.string(),
  successorPool: z.array(z.number()),
  callScript: z.string(),
  retentionOffer: z.string(),
  creditSharePct: z.string().nullable(),
  creditMonths: z.number().nullable(),
  counts: z.record(z.string(), z.record(z.string(), z.number())).describe('kind -> status -> items'),
  unassigned: z.number(),
  loads: z.array(load),
  balance: z.object({ tolerancePct: z.number(), count: spread(z.number()), revenue: spread(z.string()) }),
  warnings: z.array(z.string()).describe('English texts of warningItems, in the same order'),
  warningItems: z.array(warningItem),
  result: z.unknown().nullable(),
  createdBy: z.number().nullable(),
  approvedBy: z.number().nullable(),
  approvedAt: timestamp.nullable(),
  executedBy: z.number().nullable(),
  executedAt: timestamp.nullable(),
  credentialsRevokedAt: timestamp.nullable(),
  returnedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Handover = z.infer<typeof handover>;

export const handoverSummary = handover.pick({ id: true, kind: true, status: true, employeeId: true, employeeName: true, firstDay: true, lastDay: true, absentFrom: true, absentTo: true, toCompetitor: true, createdAt: true });
export type HandoverSummary = z.infer<typeof handoverSummary>;

export const handoverListQuery = pageQuery.omit({ includeArchived: true }).extend({
  employeeId: id.optional(),
  status: z.enum(HANDOVER_STATUSES).optional(),
  kind: z.enum(HANDOVER_KINDS).optional(),
});
export type HandoverListQuery = z.infer<typeof handoverListQuery>;

export const handoverItem = z.object({
  id: z.number(),
  kind: z.enum(ITEM_KINDS),
  entityId: z.number(),
  title: z.string().nullable().describe('Client name, deal title, task title, order number or seat role'),
  companyId: z.number().nullable(),
  companyName: z.string().nullable(),
  abc: z.enum(['A', 'B', 'C']).nullable(),
  revenue: z.string().nullable(),
  seatRole: z.string().nullable(),
  previousOwnerId: z.number(),
  successorId: z.number().nullable(),
  successorName: z.string().nullable(),
  followsClient: z.boolean(),
  reason: z.string().describe('English sentence rendered from reasonCode and reasonParams'),
  reasonCode: z.enum(REASON_CODES).nullable().describe('Why the item goes to this successor, as a code; null for items drafted before codes existed'),
  reasonParams: codeParams.nullable().describe("The code's parameters: names, revenue as a decimal string, role and ABC codes"),
  status: z.enum(ITEM_STATUSES),
  note: z.string().nullable(),
});
export type HandoverItem = z.infer<typeof handoverItem>;

export const itemListQuery = pageQuery.omit({ includeArchived: true }).extend({
  kind: z.enum(ITEM_KINDS).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  successorId: id.optional(),
  companyId: id.optional(),
  abc: z.enum(['A', 'B', 'C']).optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuery>;
export const itemPage = page(handoverItem);

export const handoverMessage = z.object({
  id: z.number(),
  companyId: z.number(),
  companyName: z.string(),
  contactId: z.number().nullable(),
  successorId: z.number(),
  channel: z.enum(['call', 'email']),
  step: z.number(),
  fromAddress: z.string().nullable(),
  toAddress: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  dueOn: z.string(),
  taskId: z.number().nullable(),
  status: z.enum(MESSAGE_STATUSES),
  sentAt: timestamp.nullable(),
  reachedAt: timestamp.nullable(),
  note: z.string().nullable(),
});
export type HandoverMessage = z.infer<typeof handoverMessage>;

export const messageListQuery = pageQuery.omit({ includeArchived: true }).extend({
  status: z.enum(MESSAGE_STATUSES).optional(),
  channel: z.enum(['call', 'email']).optional(),
  successorId: id.optional(),
});
export type MessageListQuery = z.infer<typeof messageListQuery>;

export const messageUpdate = z.object({
  status: z.enum(['sent', 'reached', 'failed']),
  note: optionalText(1000),
});
export type MessageUpdate = z.infer<typeof messageUpdate>;
export const messageParams = z.object({ id, messageId: id });

const followWindow = z.object({
  days: z.number(),
  from: z.string(),
  to: z.string(),
  revenueAfter: z.string(),
  revenueBefore: z.string(),
  changePct: z.number().nullable(),
  complete: z.boolean().describe('false while the window has not fully passed'),
});
export const followUp = z.object({
  handoverId: z.number(),
  executedOn: z.string(),
  clients: z.number(),
  windows: z.array(followWindow),
  bySuccessor: z.array(z.object({ successorId: z.number(), successorName: z.string(), clients: z.number(), windows: z.array(followWindow) })),
  outreach: z.object({ calls: z.number(), callsDone: z.number(), emails: z.number(), sent: z.number(), reached: z.number(), failed: z.number(), noAddress: z.number() }),
});
export type FollowUp = z.infer<typeof followUp>;

export const handoverSettings = z.object({
  minTenureMonths: z.number(),
  loadTolerancePct: z.number(),
  recentInteractionDays: z.number(),
  forwardMonths: z.number(),
  keyAccountMinPotential: z.string(),
  keyAccountMaxSharePct: z.number(),
  callScript: z.string(),
  retentionOffer: z.string(),
  goodbyeSubject: z.string(),
  goodbyeBody: z.string(),
  welcomeSubject: z.string(),
  welcomeBody: z.string(),
  updatedAt: timestamp,
});
export type HandoverSettings = z.infer<typeof handoverSettings>;

export const handoverSettingsUpdate = z.object({
  minTenureMonths: z.coerce.number().int().min(0).max(600).optional(),
  loadTolerancePct: percent.optional(),
  recentInteractionDays: z.coerce.number().int().min(1).max(3650).optional(),
  forwardMonths: z.coerce.number().int().min(12, 'must be at least 12: the mailbox forwards for a year or more').max(120).optional(),
  keyAccountMinPotential: money.optional(),
  keyAccountMaxSharePct: percent.optional(),
  callScript: shortText(5000).optional(),
  retentionOffer: z.string().trim().max(2000).optional(),
  goodbyeSubject: shortText(300).optional(),
  goodbyeBody: shortText(5000).optional(),
  welcomeSubject: shortText(300).optional(),
  welcomeBody: shortText(5000).optional(),
});
export type HandoverSettingsUpdate = z.infer<typeof handoverSettingsUpdate>;

export const runDueResult = z.object({
  today: z.string(),
  credentialsRevoked: z.array(z.number()).describe('handover ids'),
  departed: z.array(z.number()).describe('employee ids marked departed'),
  absencesStarted: z.array(z.number()),
  absencesReturned: z.array(z.object({ handoverId: z.number(), returned: z.number(), kept: z.number() })),
});
export type RunDueResult = z.infer<typeof runDueResult>;

const perKind = z.object({ client: z.number(), deal: z.number(), task: z.number(), order: z.number(), seat: z.number() });
export const executionResult = z.object({
  handoverId: z.number(),
  alreadyExecuted: z.boolean().describe('true when an earlier call executed it: nothing changed now'),
  executedAt: timestamp,
  added: perKind.describe('items that appeared after drafting and were added to the plan'),
  moved: perKind,
  skipped: perKind.describe('items someone else changed meanwhile: left as they are'),
  skippedItems: z.array(z.object({ kind: z.enum(ITEM_KINDS), entityId: z.number(), note: z.string() })).describe('the first 200'),
  remaining: z.object({ clients: z.number(), deals: z.number(), tasks: z.number(), orders: z.number(), seats: z.number() }),
  ownsNothingOpen: z.boolean(),
  auditEntries: z.number(),
  callTasks: z.number(),
  emailDrafts: z.number(),
  mailForwards: z.number(),
  creditShares: z.number(),
  credentialsRevoked: z.boolean(),
  employeeStatus: z.string(),
});
export type ExecutionResult = z.infer<typeof executionResult>;
