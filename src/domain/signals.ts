// Departure signals: each employee is compared with their own recent past, not with colleagues,
// because a hunter and a key-account manager have very different normal days.

export const SPIKE_METRICS = ['export_rows', 'reveals', 'outside_views'] as const;
export type SpikeMetric = (typeof SPIKE_METRICS)[number];
export type SignalMetric = SpikeMetric | 'interaction_drop';

export const BASELINE_DAYS = 30;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' plus n calendar days (UTC arithmetic, so no time zone shifts the date). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date of an instant in a time zone. */
export const dateIn = (timeZone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
export const DROP_WINDOW_DAYS = 7;

export type Baseline = { mean: number; std: number; days: number };

/** Mean and population standard deviation of the daily values (days with nothing count as 0). */
export function baseline(values: readonly number[]): Baseline {
  const days = values.length;
  if (!days) return { mean: 0, std: 0, days: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / days;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / days;
  return { mean, std: Math.sqrt(variance), days };
}

export type SpikeRule = {
  /** Below this the day is unremarkable whatever the baseline (a first export of 20 rows is not a signal). */
  minValue: number;
  /** Times the usual daily value. */
  minRatio: number;
  /** Standard deviations above the usual daily value. */
  minZ: number;
};

export const SPIKE_RULES: Record<SpikeMetric, SpikeRule> = {
  export_rows: { minValue: 200, minRatio: 3, minZ: 3 },
  reveals: { minValue: 10, minRatio: 3, minZ: 3 },
  outside_views: { minValue: 10, minRatio: 3, minZ: 3 },
};

export type Signal = {
  metric: SignalMetric;
  value: number;
  usual: number;
  unit: 'day' | 'week';
  ratio: number | null;
  z: number | null;
  text: string;
};

const num = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: n >= 10 || Number.isInteger(n) ? 0 : 1 }).format(n);
const plural = (n: number, word: string) => `${num(n)} ${word}${n === 1 ? '' : 's'}`;
const round1 = (n: number) => Math.round(n * 10) / 10;

function spikeText(metric: SpikeMetric, value: number, usual: number, ratio: number | null): string {
  const what = {
    export_rows: `exported ${num(value)} rows`,
    reveals: `revealed ${num(value)} hidden contact details`,
    outside_views: `opened ${num(value)} client cards outside their portfolio`,
  }[metric];
  if (ratio === null) return `${what}; usually none`;
  return `${what} vs usual ${num(usual)}/day (${ratio}x)`;
}

/**
 * Flags a day whose value is far above this employee's own baseline: at least `minValue`, at least
 * `minRatio` times the mean and at least `minZ` deviations above it. Counts are noisy, so the
 * deviation is never taken below sqrt(mean) (Poisson) or 1: a perfectly regular past does not
 * turn a slightly busier day into an alarm.
 */
export function scoreSpike(metric: SpikeMetric, value: number, history: readonly number[], rule: SpikeRule = SPIKE_RULES[metric]): Signal | null {
  if (value < rule.minValue) return null;
  const b = baseline(history);
  const ratio = b.mean > 0 ? round1(value / b.mean) : null;
  const z = round1((value - b.mean) / Math.max(b.std, Math.sqrt(b.mean), 1));
  if (ratio !== null && ratio < rule.minRatio) return null;
  if (z < rule.minZ) return null;
  return { metric, value, usual: round1(b.mean), unit: 'day', ratio, z, text: spikeText(metric, value, b.mean, ratio) };
}

export type DropInput = {
  /** Interactions the employee logged in the last DROP_WINDOW_DAYS days. */
  activities: number;
  /** Interactions they logged over the BASELINE_DAYS days before that window. */
  baselineActivities: number;
  /** Orders their clients placed in the window, and over the baseline days. */
  orders: number;
  baselineOrders: number;
};

export type DropRule = { minUsualPerWeek: number; maxShare: number; minOrdersShare: number };
export const DROP_RULE: DropRule = { minUsualPerWeek: 5, maxShare: 0.3, minOrdersShare: 0.7 };

/**
 * A manager who stops logging contact while their clients keep ordering may be moving the
 * relationship somewhere we cannot see. A drop while the clients also go quiet is a churn
 * problem, not a departure signal, so it is not flagged here.
 */
export function scoreInteractionDrop(input: DropInput, rule: DropRule = DROP_RULE): Signal | null {
  const perWeek = (n: number) => (n / BASELINE_DAYS) * DROP_WINDOW_DAYS;
  const usual = perWeek(input.baselineActivities);
  const usualOrders = perWeek(input.baselineOrders);
  if (usual < rule.minUsualPerWeek) return null;
  if (input.activities > usual * rule.maxShare) return null;
  if (input.orders < 1 || input.orders < usualOrders * rule.minOrdersShare) return null;
  const drop = Math.round((1 - input.activities / usual) * 100);
  return {
    metric: 'interaction_drop',
    value: input.activities,
    usual: round1(usual),
    unit: 'week',
    ratio: round1(input.activities / usual),
    z: null,
    text:
      `logged ${plural(input.activities, 'client interaction')} in ${DROP_WINDOW_DAYS} days vs usual ${num(usual)}/week (-${drop}%) ` +
      `while their clients placed ${plural(input.orders, 'order')} (usual ${num(usualOrders)}/week)`,
  };
}

export type EmployeeDay = {
  spikes: Record<SpikeMetric, { value: number; history: readonly number[] }>;
  drop: DropInput;
};

/** Every signal an employee's day raises, strongest evidence first; empty means no alert. */
export function scoreEmployeeDay(day: EmployeeDay, options: { skip?: ReadonlySet<SignalMetric> } = {}): Signal[] {
  const signals: Signal[] = [];
  for (const metric of SPIKE_METRICS) {
    if (options.skip?.has(metric)) continue;
    const s = scoreSpike(metric, day.spikes[metric].value, day.spikes[metric].history);
    if (s) signals.push(s);
  }
  if (!options.skip?.has('interaction_drop')) {
    const drop = scoreInteractionDrop(day.drop);
    if (drop) signals.push(drop);
  }
  return signals;
}

/** One line for a notification or a list: "Ivan Petrov: exported ...; revealed ...". */
export const summarise = (name: string, signals: readonly Signal[]) => `${name}: ${signals.map((s) => s.text).join('; ')}`;
