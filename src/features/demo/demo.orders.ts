import { meanLinesPerOrder, monthlyOrderRate, type ClientPlan } from './demo.plan.js';
import { isoDay, money, stamp, type ChunkTables, type DemoWorld } from './demo.world.js';

// One client's order history. Intervals are regular (B2B restocking) with +-40% jitter; a
// fading client (planted situation 3) orders less often and buys less after `fadeFrom`.
export type OrderDraft = { day: number; status: string; lines: { product: number; qty: number; priceKop: number; costKop: number }[]; totalKop: number };

export type OrderHistory = { orders: OrderDraft[]; revenueKop: number; lastDay: number | null };

const CATEGORY_WEIGHT_DECAY = 0.7;

export function draftOrders(world: DemoWorld, plan: ClientPlan): OrderHistory {
  const { rng } = plan;
  const orders: OrderDraft[] = [];
  if (plan.kind === 'prospect') return { orders, revenueKop: 0, lastDay: null };
  const rate = monthlyOrderRate(plan.size);
  const meanLines = meanLinesPerOrder(plan.size);
  const orderValueKop = (plan.size * 100_000_00) / (12 * rate);
  const categoryWeights = plan.categories.map((_, i) => 1 / (i + 1) ** CATEGORY_WEIGHT_DECAY);
  const fadeSpan = plan.fadeFrom === null ? 1 : world.today - plan.fadeFrom;

  // The decline is steepest in its first months (square root), then keeps sliding.
  const progressAt = (day: number) => (plan.fadeFrom === null || day < plan.fadeFrom ? 0 : Math.sqrt((day - plan.fadeFrom) / fadeSpan));
  const addOrder = (day: number, basket: number, mayCancel = true) => {
    const lineCount = Math.max(1, Math.min(6, Math.round(meanLines * basket * rng.float(0.5, 1.5))));
    const lines: OrderDraft['lines'] = [];
    const used = new Set<number>();
    let totalKop = 0;
    for (let n = 0; n < lineCount; n++) {
      const pool = world.productsByCategory[plan.categories[rng.weighted(categoryWeights)] ?? 0] ?? [];
      let product = rng.pick(pool);
      for (let retry = 0; retry < 3 && used.has(product); retry++) product = rng.pick(pool);
      used.add(product);
      const ref = world.products[product];
      if (!ref) continue;
      const priceKop = Math.max(ref.costKop + 1, Math.round(ref.listKop * (1 - plan.discount)));
      const qty = Math.max(1, Math.round(((orderValueKop * basket) / lineCount) * rng.float(0.5, 1.5) / priceKop));
      lines.push({ product, qty, priceKop, costKop: ref.costKop });
      totalKop += qty * priceKop;
    }
    const age = world.today - day;
    const status = age <= 3 ? 'confirmed' : age <= 10 ? 'shipped' : mayCancel && rng.chance(0.015) ? 'cancelled' : 'completed';
    orders.push({ day, status, lines, totalKop });
  };

  const meanInterval = 30.44 / rate;
  let day = plan.startDay + rng.int(0, Math.round(meanInterval));
  while (day <= plan.stopDay) {
    const progress = progressAt(day);
    addOrder(day, 1 - 0.6 * progress);
    day += Math.max(1, Math.round((meanInterval * rng.float(0.6, 1.4)) / (1 - 0.85 * progress)));
  }
  // A fading client still orders: the point is that nobody notices the decline.
  const last = orders.filter((o) => o.status !== 'cancelled').pop();
  if (plan.fadeFrom !== null && (!last || last.day < world.today - 30)) addOrder(Math.max(world.today - rng.int(3, 25), (orders[orders.length - 1]?.day ?? 0) + 1), 0.4, false);

  let revenueKop = 0;
  for (const o of orders) if (o.status !== 'cancelled') revenueKop += o.totalKop;
  return { orders, revenueKop, lastDay: orders[orders.length - 1]?.day ?? null };
}

/** Writes the drafted orders with their final owners (owner at the order date). */
export function writeOrders(world: DemoWorld, tables: ChunkTables, ids: { order: number; line: number }, companyId: number, history: OrderHistory, ownerAt: (day: number) => number) {
  for (const o of history.orders) {
    const orderId = ids.order++;
    const created = stamp(o.day, 540 + ((orderId * 37) % 540));
    tables.orders.add(orderId, companyId, `ЗК-${String(orderId).padStart(8, '0')}`, isoDay(o.day), o.status, ownerAt(o.day), money(o.totalKop), created, created);
    o.lines.forEach((line, i) => {
      const product = world.products[line.product];
      tables.order_lines.add(ids.line++, orderId, i + 1, product?.id, line.qty, money(line.priceKop), money(line.costKop));
    });
  }
}
