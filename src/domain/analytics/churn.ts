import { addDays, addMonths, daysBetween, monthKey, monthStart } from './dates.js';
import { formatMoney, formatMonthRange, formatPercent } from './format.js';

// Churn early warning from a client's own order history. Four signals, each worth points:
//   overdue   days since the last order against the client's usual interval
//   revenue   last 3 complete months against the same months a year earlier (seasons cancel out)
//   orders    orders in the last 6 complete months against the same 6 months a year earlier
//   basket    product categories bought in those 6 months against a year earlier
// A client that still orders but buys less, less often and narrower is "fading" before it is lost.

export const CHURN_POINTS = { overdue: 35, revenue: 35, orders: 20, basket: 10 } as const;
/** Score at or above which a client is flagged (the backtest's default). */
export const DEFAULT_FLAG_SCORE = 40;
/** A client with no order for this long is lost, not at risk, and leaves the list. */
export const ACTIVE_WITHIN_DAYS = 365;
// Two orders on one day would make the usual interval zero; a week is the shortest rhythm we trust.
export const MIN_INTERVAL_DAYS = 7;
/** lapsed: no order for this many usual intervals. */
export const LAPSED_RATIO = 2;
/** fading: revenue down at least this much, and orders down at least FADING_ORDERS_DROP (or a category lost). */
export const FADING_REVENUE_DROP = 0.3;
export const FADING_ORDERS_DROP = 0.25;
/**
 * A trend needs evidence: with fewer orders than this in the year-ago 6 months, "2 orders against
 * 3" is noise (on the demo data such clients were most of the false "fading" flags), so only the
 * gap since the last order is scored.
 */
export const MIN_BASELINE_ORDERS = 5;

export type ChurnWindows = {
  asOf: string;
  /** First day of as-of's month: months before it are complete. */
  currentMonth: string;
  revenueRecent: [string, string];
  revenueYearAgo: [string, string];
  activityRecent: [string, string];
  activityYearAgo: [string, string];
  activeSince: string;
};

/** Month windows as first days of months, both ends inclusive. */
export function churnWindows(asOf: string): ChurnWindows {
  const cur = monthStart(asOf);
  return {
    asOf,
    currentMonth: cur,
    revenueRecent: [addMonths(cur, -3), addMonths(cur, -1)],
    revenueYearAgo: [addMonths(cur, -15), addMonths(cur, -13)],
    activityRecent: [addMonths(cur, -6), addMonths(cur, -1)],
    activityYearAgo: [addMonths(cur, -18), addMonths(cur, -13)],
    activeSince: addDays(asOf, -ACTIVE_WITHIN_DAYS),
  };
}

export type ChurnInput = {
  asOf: string;
  /** Orders up to and including as-of. */
  orders: number;
  firstOrderOn: string;
  lastOrderOn: string;
  revenueRecent: string;
  revenueYearAgo: string;
  ordersRecent: number;
  ordersYearAgo: number;
  categoriesRecent: number;
  categoriesYearAgo: number;
};

export type ChurnPattern = 'lapsed' | 'fading' | 'new' | 'steady';
export type ChurnReasonCode = 'overdue' | 'revenue_down' | 'orders_down' | 'basket_narrower' | 'single_order' | 'no_baseline' | 'thin_baseline' | 'steady';
export type ChurnReason = { code: ChurnReasonCode; points: number; text: string; params: Record<string, string | number> };

export type ChurnAssessment = {
  score: number;
  pattern: ChurnPattern;
  expectedIntervalDays: number | null;
  daysSinceLastOrder: number;
  overdueRatio: number | null;
  revenueTrend: number | null;
  ordersTrend: number | null;
  reasons: ChurnReason[];
};

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round1 = (v: number) => Math.round(v * 10) / 10;

/** Mean gap between orders: (last - first) / (orders - 1). Null with fewer than two orders. */
export function expectedIntervalDays(orders: number, firstOrderOn: string, lastOrderOn: string): number | null {
  if (orders < 2) return null;
  return daysBetween(firstOrderOn, lastOrderOn) / (orders - 1);
}

/** Relative change recent/before - 1, or null when there is no "before" to compare with. */
export function trend(recent: number, before: number): number | null {
  return before > 0 ? recent / before - 1 : null;
}

type Signals = {
  interval: number | null;
  since: number;
  ratio: number | null;
  revenueTrend: number | null;
  ordersTrend: number | null;
  lostCategories: number;
  evidence: boolean;
  noBaseline: boolean;
  points: { overdue: number; revenue: number; orders: number; basket: number };
  score: number;
  pattern: ChurnPattern;
};

/** The numbers behind the score, without the sentences (what the snapshot of 100k clients needs). */
function signalsOf(input: ChurnInput): Signals {
  const interval = expectedIntervalDays(input.orders, input.firstOrderOn, input.lastOrderOn);
  const since = daysBetween(input.lastOrderOn, input.asOf);
  const ratio = interval === null ? null : since / Math.max(interval, MIN_INTERVAL_DAYS);
  const revBefore = Number(input.revenueYearAgo);
  const evidence = input.ordersYearAgo >= MIN_BASELINE_ORDERS;
  const revenueTrend = trend(Number(input.revenueRecent), revBefore);
  const ordersTrend = trend(input.ordersRecent, input.ordersYearAgo);
  const lostCategories = input.categoriesYearAgo - input.categoriesRecent;
  const noBaseline = revBefore <= 0 && input.ordersYearAgo === 0;
  const points = {
    overdue: ratio === null ? 0 : CHURN_POINTS.overdue * clamp01((ratio - 1) / 2),
    revenue: revenueTrend !== null && evidence ? CHURN_POINTS.revenue * clamp01((-revenueTrend - 0.1) / 0.5) : 0,
    orders: ordersTrend !== null && evidence ? CHURN_POINTS.orders * clamp01((-ordersTrend - 0.1) / 0.5) : 0,
    basket: input.categoriesYearAgo > 0 && lostCategories > 0 && evidence ? CHURN_POINTS.basket * clamp01(lostCategories / input.categoriesYearAgo / 0.5) : 0,
  };
  const score = Math.min(100, Math.round(points.overdue + points.revenue + points.orders + points.basket));
  const pattern = patternOf({ ratio, revenueTrend, ordersTrend, lostCategories, noBaseline, evidence });
  return { interval, since, ratio, revenueTrend, ordersTrend, lostCategories, evidence, noBaseline, points, score, pattern };
}

/** Score and pattern only. */
export function scoreChurn(input: ChurnInput): { score: number; pattern: ChurnPattern } {
  const s = signalsOf(input);
  return { score: s.score, pattern: s.pattern };
}

export function assessChurn(input: ChurnInput): ChurnAssessment {
  const s = signalsOf(input);
  const { interval, since, ratio, revenueTrend, points } = s;
  const reasons: ChurnReason[] = [];
  if (ratio !== null && interval !== null) {
    if (points.overdue > 0) {
      reasons.push({
        code: 'overdue',
        points: points.overdue,
        text: `No order for ${since} days, ${round1(ratio)} times its usual interval of ${Math.round(interval)} days.`,
        params: { days: since, ratio: round1(ratio), intervalDays: Math.round(interval) },
      });
    }
  } else {
    reasons.push({
      code: 'single_order',
      points: 0,
      text: `Only one order so far (${since} days ago), so there is no usual interval to compare with yet.`,
      params: { days: since },
    });
  }
  if (points.revenue > 0 && revenueTrend !== null) {
    const w = churnWindows(input.asOf);
    const months = formatMonthRange(monthKey(w.revenueRecent[0]), monthKey(w.revenueRecent[1]));
    reasons.push({
      code: 'revenue_down',
      points: points.revenue,
      text: `Revenue for ${months} is ${formatPercent(-revenueTrend, 0)} below the same months a year earlier (${formatMoney(input.revenueRecent)} against ${formatMoney(input.revenueYearAgo)}).`,
      params: { months, dropPercent: Math.round(-revenueTrend * 100), recent: input.revenueRecent, yearAgo: input.revenueYearAgo },
    });
  }
  if (points.orders > 0) {
    reasons.push({
      code: 'orders_down',
      points: points.orders,
      text: `${input.ordersRecent} ${input.ordersRecent === 1 ? 'order' : 'orders'} in the last 6 months against ${input.ordersYearAgo} in the same months a year earlier.`,
      params: { recent: input.ordersRecent, yearAgo: input.ordersYearAgo },
    });
  }
  if (points.basket > 0) {
    reasons.push({
      code: 'basket_narrower',
      points: points.basket,
      text: `Buys ${input.categoriesRecent} product ${input.categoriesRecent === 1 ? 'category' : 'categories'} now against ${input.categoriesYearAgo} a year earlier.`,
      params: { recent: input.categoriesRecent, yearAgo: input.categoriesYearAgo },
    });
  }
  if (s.noBaseline && input.orders > 1) {
    reasons.push({ code: 'no_baseline', points: 0, text: 'No orders in the same months a year earlier, so there is no trend yet.', params: {} });
  } else if (!s.noBaseline && !s.evidence) {
    reasons.push({
      code: 'thin_baseline',
      points: 0,
      text: `Only ${input.ordersYearAgo} ${input.ordersYearAgo === 1 ? 'order' : 'orders'} in the same 6 months a year earlier, too few to judge a trend.`,
      params: { yearAgo: input.ordersYearAgo },
    });
  }
  if (reasons.every((r) => r.points === 0 && r.code !== 'thin_baseline') && s.pattern === 'steady') {
    const usual = interval === null ? '' : `, usual interval ${Math.round(interval)} days`;
    reasons.push({ code: 'steady', points: 0, text: `Orders as usual: last order ${since} days ago${usual}.`, params: { days: since } });
  }
  reasons.sort((a, b) => b.points - a.points);
  return {
    score: s.score,
    pattern: s.pattern,
    expectedIntervalDays: interval === null ? null : round1(interval),
    daysSinceLastOrder: since,
    overdueRatio: ratio === null ? null : Math.round(ratio * 100) / 100,
    revenueTrend: revenueTrend === null ? null : Math.round(revenueTrend * 1000) / 1000,
    ordersTrend: s.ordersTrend === null ? null : Math.round(s.ordersTrend * 1000) / 1000,
    reasons: reasons.map((r) => ({ ...r, points: Math.round(r.points) })),
  };
}

// lapsed: twice the usual interval without an order (the rule practitioners use for a reminder).
// fading: still within its rhythm, yet revenue is down by 30%+ and it orders less often or narrower.
function patternOf(s: {
  ratio: number | null;
  revenueTrend: number | null;
  ordersTrend: number | null;
  lostCategories: number;
  noBaseline: boolean;
  evidence: boolean;
}): ChurnPattern {
  if (s.ratio !== null && s.ratio >= LAPSED_RATIO) return 'lapsed';
  if (s.evidence && s.revenueTrend !== null && s.revenueTrend <= -FADING_REVENUE_DROP && ((s.ordersTrend !== null && s.ordersTrend <= -FADING_ORDERS_DROP) || s.lostCategories > 0)) {
    return 'fading';
  }
  if (s.noBaseline) return 'new';
  return 'steady';
}

/** Flagged: lapsed or fading whatever the score (the fade is caught while the client still orders), or a high score. */
export const isFlagged = (a: { score: number; pattern: ChurnPattern }, flagScore: number = DEFAULT_FLAG_SCORE) =>
  a.pattern === 'lapsed' || a.pattern === 'fading' || a.score >= flagScore;
