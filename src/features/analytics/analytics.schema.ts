import { z } from 'zod';
import { DEFAULT_ABC } from '../../domain/analytics/abc.js';
import { DEFAULT_FLAG_SCORE } from '../../domain/analytics/churn.js';
import { DEFAULT_INTERACTION_DAYS, DEFAULT_MIN_KNOWERS } from '../../domain/analytics/coverage.js';
import { DEFAULT_KEY_ACCOUNT_RULES } from '../../domain/analytics/key-accounts.js';
import { DEFAULT_XYZ } from '../../domain/analytics/xyz.js';
import { id, isoDate, money } from '../shared/common.schema.js';

// The analytics API contract (owner dashboard). Money is a decimal string; shares and ratios are
// plain numbers between 0 and 1 (they are not money); months are 'YYYY-MM'. Every list item names
// its company or employee so the dashboard can link to the card and create a task.

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month in YYYY-MM form');
const signedMoney = z.string().describe('decimal amount, may be negative (margin)');
const ratio = z.number().describe('fraction, 0.25 = 25%');
const analyticsPage = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const interactionDays = z.coerce.number().int().min(1).max(3650).default(DEFAULT_INTERACTION_DAYS).describe('how far back an interaction makes someone "know" a client');

export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export const XYZ_CLASSES = ['X', 'Y', 'Z'] as const;
export const CHURN_PATTERNS = ['lapsed', 'fading', 'new', 'steady'] as const;

export const abcQuery = analyticsPage.extend({
  measure: z.enum(['revenue', 'margin']).default('revenue'),
  from: month.optional().describe('first month; default: 12 months before `to`'),
  to: month.optional().describe('last month; default: the last complete month'),
  a: z.coerce.number().gt(0).max(100).default(DEFAULT_ABC.a).describe('percent of the cumulative share in A'),
  b: z.coerce.number().min(0).max(100).default(DEFAULT_ABC.b),
  c: z.coerce.number().min(0).max(100).default(DEFAULT_ABC.c),
  x: z.coerce.number().min(0).max(100).default(DEFAULT_XYZ.x).describe('highest coefficient of variation in X'),
  y: z.coerce.number().min(0).max(100).default(DEFAULT_XYZ.y).describe('highest coefficient of variation in Y'),
  abc: z.enum(ABC_CLASSES).optional(),
  xyz: z.enum(XYZ_CLASSES).optional(),
});
export type AbcQuery = z.infer<typeof abcQuery>;

const abcItem = z.object({
  rank: z.number(),
  companyId: z.number(),
  companyName: z.string(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  value: signedMoney,
  revenue: money,
  margin: signedMoney,
  orders: z.number(),
  monthsWithOrders: z.number(),
  share: ratio,
  cumulativeShare: ratio,
  abc: z.enum(ABC_CLASSES),
  xyz: z.enum(XYZ_CLASSES).nullable(),
  cv: z.number().nullable(),
});

export const abcReport = z.object({
  period: z.object({ from: month, to: month, months: z.number() }),
  measure: z.enum(['revenue', 'margin']),
  thresholds: z.object({ a: z.number(), b: z.number(), c: z.number(), x: z.number(), y: z.number() }),
  clients: z.number(),
  total: signedMoney,
  classes: z.array(z.object({ abc: z.enum(ABC_CLASSES), clients: z.number(), value: signedMoney, share: ratio })),
  matrix: z.array(z.object({ abc: z.enum(ABC_CLASSES), xyz: z.enum(XYZ_CLASSES).nullable(), clients: z.number(), value: signedMoney })),
  items: z.array(abcItem),
  nextCursor: z.string().nullable(),
});
export type AbcReport = z.infer<typeof abcReport>;

export const abcHistoryQuery = analyticsPage.extend({
  companyId: id.optional().describe("one client's timeline; without it, the clients whose class changed in the latest period"),
});
export type AbcHistoryQuery = z.infer<typeof abcHistoryQuery>;

export const abcHistory = z.object({
  periods: z.array(month).describe('stored periods: each is the 12 months ending with this month (calendar quarter ends)'),
  items: z.array(
    z.object({
      companyId: z.number(),
      companyName: z.string(),
      periodEnd: month,
      abc: z.enum(ABC_CLASSES),
      xyz: z.enum(XYZ_CLASSES).nullable(),
      revenue: money,
      cv: z.number().nullable(),
      previousAbc: z.enum(ABC_CLASSES).nullable(),
      previousXyz: z.enum(XYZ_CLASSES).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type AbcHistory = z.infer<typeof abcHistory>;

export const coverageQuery = analyticsPage.extend({
  interactionDays,
  minKnowers: z.coerce.number().int().min(1).max(20).default(DEFAULT_MIN_KNOWERS),
  onlyFlagged: z.stringbool().default(false),
});
export type CoverageQuery = z.infer<typeof coverageQuery>;

const window = z.object({ from: month, to: month }).describe('revenue months (the last 12 complete months)');
const knower = z.object({
  employeeId: z.number(),
  employeeName: z.string(),
  role: z.string(),
  via: z.array(z.string()).describe("account-team roles ('owner', 'backup', ...) and/or 'interactions'"),
});

export const coverageReport = z.object({
  asOf: isoDate,
  window,
  interactionDays: z.number(),
  minKnowers: z.number(),
  summary: z.object({
    clients: z.number(),
    flaggedClients: z.number(),
    totalRevenue: money,
    singlePersonRevenue: money,
    singlePersonShare: ratio.nullable(),
    nobodyRevenue: money,
    nobodyShare: ratio.nullable(),
  }),
  items: z.array(
    z.object({
      companyId: z.number(),
      companyName: z.string(),
      revenue: money,
      knowersCount: z.number(),
      flagged: z.boolean(),
      knowers: z.array(knower),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type CoverageReport = z.infer<typeof coverageReport>;

export const dependencyQuery = analyticsPage.extend({ interactionDays });
export type DependencyQuery = z.infer<typeof dependencyQuery>;

export const dependencyReport = z.object({
  asOf: isoDate,
  window,
  interactionDays: z.number(),
  totalRevenue: money,
  singlePersonShare: ratio.nullable(),
  items: z.array(
    z.object({
      rank: z.number(),
      employeeId: z.number(),
      employeeName: z.string(),
      role: z.string(),
      status: z.string(),
      walkAwayRevenue: money.describe('revenue of the clients only this person knows'),
      walkAwayShare: ratio.nullable(),
      soleClients: z.number(),
      clientsKnown: z.number(),
      ownedRevenue: money.describe('revenue of the clients this person owns'),
      ownedShare: ratio.nullable(),
      topSoleClients: z.array(z.object({ companyId: z.number(), companyName: z.string(), revenue: money })),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type DependencyReport = z.infer<typeof dependencyReport>;

export const keyAccountsQuery = analyticsPage.extend({
  minPotential: money.optional().describe('"large potential"; default: the top 10% of known potentials'),
  maxShare: z.coerce.number().min(0).max(1).default(DEFAULT_KEY_ACCOUNT_RULES.maxShare).describe('"small share of wallet": below this fraction'),
  maxBreadth: z.coerce.number().min(0).max(1).default(DEFAULT_KEY_ACCOUNT_RULES.maxBreadth).describe('"narrow assortment": below this fraction of our categories'),
  onlyCandidates: z.stringbool().default(true),
});
export type KeyAccountsQuery = z.infer<typeof keyAccountsQuery>;

export const keyAccountsReport = z.object({
  window,
  minPotential: money,
  maxShare: z.number(),
  maxBreadth: z.number(),
  categoriesOffered: z.number(),
  items: z.array(
    z.object({
      companyId: z.number(),
      companyName: z.string(),
      potential: money,
      revenue: money,
      shareOfWallet: ratio.nullable(),
      categoriesBought: z.number(),
      breadth: ratio.nullable(),
      holderId: z.number().nullable(),
      holderName: z.string().nullable(),
      holderRole: z.string().nullable(),
      keyAccountManagerId: z.number().nullable(),
      keyAccountManagerName: z.string().nullable(),
      candidate: z.boolean(),
      why: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type KeyAccountsReport = z.infer<typeof keyAccountsReport>;

const flagScore = z.coerce.number().int().min(1).max(100).default(DEFAULT_FLAG_SCORE).describe('score from which a client is flagged (lapsed and fading clients are flagged anyway)');

export const churnRiskQuery = analyticsPage.extend({
  asOf: isoDate.optional().describe('default today; another date computes the scores from history'),
  flagScore,
  onlyFlagged: z.stringbool().default(true),
  pattern: z.enum(CHURN_PATTERNS).optional(),
});
export type ChurnRiskQuery = z.infer<typeof churnRiskQuery>;

const churnReason = z.object({
  code: z.string(),
  points: z.number(),
  text: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const churnRiskItem = z.object({
  companyId: z.number(),
  companyName: z.string(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  score: z.number(),
  pattern: z.enum(CHURN_PATTERNS),
  flagged: z.boolean(),
  lastOrderOn: isoDate,
  daysSinceLastOrder: z.number(),
  expectedIntervalDays: z.number().nullable(),
  overdueRatio: z.number().nullable(),
  revenueRecent: money,
  revenueYearAgo: money,
  revenueTrend: z.number().nullable(),
  ordersRecent: z.number(),
  ordersYearAgo: z.number(),
  ordersTrend: z.number().nullable(),
  categoriesRecent: z.number(),
  categoriesYearAgo: z.number(),
  reasons: z.array(churnReason),
});
export type ChurnRiskItem = z.infer<typeof churnRiskItem>;

export const churnRiskReport = z.object({
  asOf: isoDate,
  flagScore: z.number(),
  summary: z.object({
    activeClients: z.number(),
    flagged: z.number(),
    byPattern: z.object({ lapsed: z.number(), fading: z.number(), new: z.number(), steady: z.number() }),
  }),
  items: z.array(churnRiskItem),
  nextCursor: z.string().nullable(),
});
export type ChurnRiskReport = z.infer<typeof churnRiskReport>;

export const backtestQuery = z.object({
  asOf: isoDate,
  horizonMonths: z.coerce.number().int().min(1).max(24).default(6),
  flagScore,
  examples: z.coerce.number().int().min(0).max(200).default(20).describe('flagged clients to list with their outcome'),
});
export type BacktestQuery = z.infer<typeof backtestQuery>;

export const backtestReport = z.object({
  asOf: isoDate,
  horizonMonths: z.number(),
  horizonEnd: isoDate,
  flagScore: z.number(),
  activeClients: z.number().describe('clients with an order in the 12 months before asOf'),
  flagged: z.number(),
  churned: z.number().describe('active clients with no order in (asOf, horizonEnd]'),
  truePositives: z.number(),
  falsePositives: z.number(),
  falseNegatives: z.number(),
  trueNegatives: z.number(),
  precision: ratio.nullable(),
  recall: ratio.nullable(),
  f1: ratio.nullable(),
  baseRate: ratio.nullable(),
  byPattern: z.array(z.object({ pattern: z.enum(CHURN_PATTERNS), clients: z.number(), flagged: z.number(), churned: z.number() })),
  examples: z.array(
    z.object({
      companyId: z.number(),
      companyName: z.string(),
      score: z.number(),
      pattern: z.enum(CHURN_PATTERNS),
      churned: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
});
export type BacktestReport = z.infer<typeof backtestReport>;
