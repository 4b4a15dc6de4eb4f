import { createRng, hash32, type Rng } from './demo.rng.js';
import type { DemoWorld } from './demo.world.js';

// The shape of one client before any row is written: size, life cycle and planted flags.
export type ClientKind = 'prospect' | 'active' | 'at_risk' | 'lost';

export type ClientPlan = {
  index: number;
  id: number;
  rng: Rng;
  /** quantile of the client in the size distribution, 0 (smallest) .. 1 (largest) */
  u: number;
  /** revenue multiplier: annual revenue target is size x 100 000 RUB */
  size: number;
  kind: ClientKind;
  big: boolean;
  isNew: boolean;
  createdDay: number;
  startDay: number;
  stopDay: number;
  /** planted (3): day the fade begins */
  fadeFrom: number | null;
  /** planted (2): huge potential, narrow assortment, tiny share of wallet */
  narrow: boolean;
  /** planted (1): known by its owner alone */
  singleKnower: boolean;
  categories: number[];
  discount: number;
  shareOfWallet: number;
};

// Truncated Pareto (alpha 1.16 gives the 80/20 rule) from 100k to 150M RUB a year. Sizes come
// from a golden-ratio sequence, not random draws, so even 300 clients have the full spread.
const ALPHA = 1.16;
const MAX_SIZE = 1500;
const GOLDEN = 0.6180339887498949;
const CATEGORY_POPULARITY = [1.4, 1, 1, 1.5, 0.8, 1, 1.1, 1, 0.7, 0.9];
export const NARROW_EVERY = 997;
export const SINGLE_KNOWER_EVERY = 5;
export const FADING_EVERY = 2;

export const periodDays = (world: DemoWorld) => Math.round(world.years * 365.25);

export function sizeAt(u: number): number {
  return (1 - u * (1 - MAX_SIZE ** -ALPHA)) ** (-1 / ALPHA);
}

/** Counters carried across chunks so planted situations recur at a steady rate. */
export type PlanCounters = { big: number; fadingEligible: number };

export function planClient(world: DemoWorld, index: number, id: number, counters: PlanCounters): ClientPlan {
  const rng = createRng(world.seed, 1, index);
  const offset = hash32(world.seed, 7) / 4294967296;
  const narrow = index % NARROW_EVERY === 5;
  const u = narrow ? 0.9 : (offset + index * GOLDEN) % 1;
  const size = narrow ? rng.float(30, 60) : sizeAt(u);
  const big = !narrow && u >= 0.9;
  const today = world.today;
  const periodStart = today - periodDays(world);

  const r = rng.next();
  let kind: ClientKind = 'active';
  if (!narrow && !big && r < 0.12) kind = 'prospect';
  else if (!narrow && r < (big ? 0.03 : 0.2)) kind = 'lost';
  else if (!narrow && r < (big ? 0.05 : 0.24)) kind = 'at_risk';

  const isNew = kind === 'active' && !narrow && rng.chance(big ? 0.05 : 0.18);
  let startDay = periodStart;
  let createdDay = periodStart - rng.int(30, 900);
  if (isNew) {
    startDay = today - rng.int(30, Math.max(31, periodDays(world) - 30));
    createdDay = startDay - rng.int(5, 40);
  }
  if (kind === 'prospect') {
    createdDay = today - rng.int(5, 330);
    startDay = today + 1;
  }
  let stopDay = today;
  if (kind === 'lost') stopDay = today - rng.int(190, Math.max(191, Math.min(540, periodDays(world) - 60)));
  if (kind === 'at_risk') stopDay = today - rng.int(75, 150);

  let fadeFrom: number | null = null;
  const orderRate = monthlyOrderRate(size);
  if (kind === 'active' && orderRate >= 1.1 && !narrow) {
    const from = today - rng.int(180, Math.min(270, periodDays(world) - 120));
    if (startDay <= from - 120 && counters.fadingEligible++ % FADING_EVERY === 0) fadeFrom = from;
  }
  const singleKnower = big && kind !== 'prospect' && !isNew && counters.big++ % SINGLE_KNOWER_EVERY === 0;

  const categoryCount = narrow ? rng.int(1, 2) : Math.max(1, Math.min(10, Math.round(1 + 0.9 * Math.log2(size) + rng.float(-1, 1))));
  return {
    index,
    id,
    rng,
    u,
    size,
    kind,
    big,
    isNew,
    createdDay,
    startDay,
    stopDay,
    fadeFrom,
    narrow,
    singleKnower,
    categories: pickCategories(rng, categoryCount),
    discount: Math.min(0.12, 0.01 + 0.025 * Math.log10(size) + rng.float(0, 0.03)),
    shareOfWallet: narrow ? rng.float(0.012, 0.03) : rng.float(0.15, 0.6),
  };
}

/** Orders a month: every four months for the smallest, about 2-3 a month for the largest. */
export const monthlyOrderRate = (size: number) => Math.max(0.2, Math.min(3, 0.26 * Math.sqrt(size)));
export const meanLinesPerOrder = (size: number) => Math.max(1, Math.min(6, 1 + 0.9 * Math.log(size)));

function pickCategories(rng: Rng, count: number): number[] {
  const weights = [...CATEGORY_POPULARITY];
  const chosen: number[] = [];
  while (chosen.length < count) {
    const c = rng.weighted(weights);
    chosen.push(c);
    weights[c] = 0;
  }
  return chosen;
}
