import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { type AbcClass, type AbcThresholds, abcThresholdsProblem, classifyAbc, DEFAULT_ABC, rankAbcMinor } from '../../domain/analytics/abc.js';
import { addMonths, monthKey, monthsInclusive } from '../../domain/analytics/dates.js';
import { classifyXyz, DEFAULT_XYZ, xyzThresholdsProblem } from '../../domain/analytics/xyz.js';
import { invalidField } from '../../domain/errors.js';
import { fromMinor, toMinor } from '../../domain/money.js';
import { assertCompanyVisible } from '../access/access.service.js';
import * as abcRepo from './abc.repository.js';
import { afterRank, assertManagement, pageOf } from './analytics.access.js';
import type { AbcHistory, AbcHistoryQuery, AbcQuery, AbcReport } from './analytics.schema.js';
import { abcPage } from './dashboard.repository.js';
import { ensureFresh } from './refresh.service.js';
import { readState, rollupVersion } from './state.repository.js';
import { readSummary } from './summary.repository.js';

const MAX_PERIOD_MONTHS = 120;
type Cell = { abc: 'A' | 'B' | 'C'; xyz: 'X' | 'Y' | 'Z' | null; clients: number; value: string };
type Item = AbcReport['items'][number];

function resolvePeriod(today: string, q: { from?: string | undefined; to?: string | undefined }) {
  const to = q.to ?? monthKey(addMonths(today, -1));
  const from = q.from ?? monthKey(addMonths(`${to}-01`, -11));
  if (from > to) throw invalidField('from', `must not be after to (${to})`);
  const months = monthsInclusive(from, to);
  if (months > MAX_PERIOD_MONTHS) throw invalidField('from', `the period may span at most ${MAX_PERIOD_MONTHS} months`);
  return { from, to, months };
}

const positive = (v: string) => (toMinor(v) > 0n ? toMinor(v) : 0n);

function classTotals(matrix: readonly Cell[]) {
  const all = matrix.reduce((s, c) => s + positive(c.value), 0n);
  return (['A', 'B', 'C'] as const).map((abc) => {
    const cells = matrix.filter((m) => m.abc === abc);
    const part = cells.reduce((s, c) => s + positive(c.value), 0n);
    return {
      abc,
      clients: cells.reduce((s, c) => s + c.clients, 0),
      value: fromMinor(cells.reduce((s, c) => s + toMinor(c.value), 0n)),
      share: all > 0n ? Number(part) / Number(all) : 0,
    };
  });
}

/**
 * ABC/XYZ. The last 12 complete months with the default thresholds are read from the per-client
 * snapshot (index scans); any other period or threshold is classified on the spot from the per-client running totals.
 */
export async function getAbc(ctx: AppContext, actor: Actor, q: AbcQuery): Promise<AbcReport> {
  assertManagement(actor);
  const abcProblem = abcThresholdsProblem(q);
  if (abcProblem) throw invalidField(abcProblem.field, abcProblem.message);
  const xyzProblem = xyzThresholdsProblem(q);
  if (xyzProblem) throw invalidField(xyzProblem.field, xyzProblem.message);
  const today = await ensureFresh(ctx);
  const period = resolvePeriod(today, q);
  const defaults =
    period.to === monthKey(addMonths(today, -1)) && period.months === 12 && q.a === DEFAULT_ABC.a && q.b === DEFAULT_ABC.b && q.x === DEFAULT_XYZ.x && q.y === DEFAULT_XYZ.y;
  const head = { period, measure: q.measure, thresholds: { a: q.a, b: q.b, c: q.c, x: q.x, y: q.y } };
  if (defaults) return { ...head, ...(await fromSnapshot(ctx, q)) };
  const r = await classifiedPage(ctx, {
    period: { from: `${period.from}-01`, to: `${period.to}-01`, months: period.months, measure: q.measure },
    thresholds: { a: q.a, b: q.b, c: q.c, x: q.x, y: q.y },
    q,
  });
  const page = pageOf(r.items, q.limit, (i) => ({ rank: i.rank, id: i.companyId }));
  return { ...head, clients: r.clients, total: r.total, classes: classTotals(r.matrix), matrix: r.matrix, items: page.items, nextCursor: page.nextCursor };
}

// A chosen period: the clients with a sale in it come from their running totals in one statement
// (~0.1 s at 100k clients), ranked and classified here by the domain rule. The compact ranking is kept
// per database, period, measure and thresholds until the rollup changes, so paging, class filters and
// coming back cost only the page's query.
/** The whole ranking of a period in rank order (by the measure in whole kopecks, then company id). */
type Ranked = {
  ids: Int32Array;
  kopecks: Float64Array;
  /** per client 'A'|'B'|'C' then 'X'|'Y'|'Z'|'-' (no revenue), two characters in rank order */
  classes: string;
  /** the positive sum of the measure through each rank, for cumulative shares (whole kopecks: exact) */
  running: Float64Array;
  total: string;
  matrix: Cell[];
};
type Thresholds = AbcThresholds & { x: number; y: number };
const RANKINGS_KEPT = 8;
const rankings = new WeakMap<object, Map<string, { version: string; ranking: Promise<Ranked> }>>();

async function rankingFor(ctx: AppContext, key: string, compute: () => Promise<Ranked>): Promise<Ranked> {
  // Read before computing: a catch-up committed meanwhile gives a newer version and a recompute, never a stale hit.
  const version = await rollupVersion(ctx.db);
  let kept = rankings.get(ctx.db);
  if (!kept) rankings.set(ctx.db, (kept = new Map()));
  const hit = kept.get(key);
  kept.delete(key);
  if (hit && hit.version === version) {
    kept.set(key, hit);
    return hit.ranking;
  }
  const ranking = compute();
  ranking.catch(() => kept.delete(key));
  kept.set(key, { version, ranking });
  for (const old of kept.keys()) if (kept.size > RANKINGS_KEPT) kept.delete(old);
  return ranking;
}

/**
 * A period's ranking: its clients from their running totals with XYZ classes (abcRepo.periodClients,
 * the SQL mirror of cvFromSums and classifyXyz), the few whose class could depend on rounding
 * classified from the rollup's months as every other path does, then ABC by the domain rule.
 * `halves` reads the clients as two statements over two company id ranges at once (two connections,
 * so PostgreSQL uses two cores: the statement is most of a first request); `figures` as
 * abcRepo.periodClients takes it, in one statement.
 */
export async function periodRanking(db: AppContext['db'], period: abcRepo.AbcPeriod, t: Thresholds, o: { halves?: boolean; figures?: Parameters<typeof abcRepo.periodClients>[2] } = {}) {
  const c = await readClients(db, { ...period, x: t.x, y: t.y }, o);
  if (c.near.length === 0) return rankPeriod(c, t);
  const cvs = await abcRepo.summedCv(db, { ...period, ids: c.near.map((i) => c.ids[i] as number) });
  const xyz = c.xyz.slice();
  for (const i of c.near) xyz[i] = (classifyXyz(cvs.get(c.ids[i] as number) ?? null, t) ?? '-').charCodeAt(0);
  return rankPeriod({ ...c, xyz }, t);
}

// Halves split at the middle id, given to both statements, so each client is in exactly one whatever
// either statement's snapshot; each reads its id range by the primary key (about half the table).
async function readClients(db: AppContext['db'], p: Parameters<typeof abcRepo.periodClients>[1], o: { halves?: boolean; figures?: Parameters<typeof abcRepo.periodClients>[2] }) {
  const ids = o.halves && !o.figures ? await abcRepo.seriesIdRange(db) : null;
  if (!ids || ids.high === ids.low) return abcRepo.periodClients(db, p, o.figures);
  const middle = Math.floor((ids.low + ids.high) / 2) + 1;
  const halves = [
    { from: ids.low, below: middle },
    { from: middle, below: ids.high + 1 },
  ];
  const [a, b] = await Promise.all(halves.map((range) => abcRepo.periodClients(db, p, abcRepo.periodFigures(p, range))));
  return joinClients(a as abcRepo.PeriodClients, b as abcRepo.PeriodClients);
}

/** The clients of both halves, the second's after the first's. */
function joinClients(a: abcRepo.PeriodClients, b: abcRepo.PeriodClients): abcRepo.PeriodClients {
  const n = a.ids.length;
  const join = <T extends Int32Array | Float64Array | Uint8Array>(x: T, y: T, into: T) => (into.set(x), into.set(y, n), into);
  return {
    ids: join(a.ids, b.ids, new Int32Array(n + b.ids.length)),
    kopecks: join(a.kopecks, b.kopecks, new Float64Array(n + b.ids.length)),
    xyz: join(a.xyz, b.xyz, new Uint8Array(n + b.ids.length)),
    near: [...a.near, ...b.near.map((i) => i + n)],
  };
}

/** Ranks a period's clients by the ABC rule of src/domain/analytics/abc.ts, with the totals and the 3x3 matrix. */
function rankPeriod(c: abcRepo.PeriodClients, t: AbcThresholds): Ranked {
  const r = rankAbcMinor(c.ids, c.kopecks, t) ?? rankBig(c, t);
  const n = r.order.length;
  const ids = new Int32Array(n);
  const kopecks = new Float64Array(n);
  const classes = new Uint8Array(2 * n);
  // the 3x4 matrix (X, Y, Z, no class) by cell index; plain sums while every partial sum stays exact
  const cellOf = new Int8Array(n);
  const counts = new Array<number>(12).fill(0);
  const sums = new Array<number>(12).fill(0);
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    const k = r.order[i] as number;
    const v = c.kopecks[k] as number;
    const abc = i < r.bFrom ? 0 : i < r.cFrom ? 1 : 2;
    const xyz = c.xyz[k] as number;
    ids[i] = c.ids[k] as number;
    kopecks[i] = v;
    classes[2 * i] = CODE_A + abc;
    classes[2 * i + 1] = xyz;
    const cell = abc * 4 + (xyz === CODE_X ? 0 : xyz === CODE_X + 1 ? 1 : xyz === CODE_X + 2 ? 2 : 3);
    cellOf[i] = cell;
    counts[cell]! += 1;
    sums[cell]! += v;
    magnitude += Math.abs(v);
  }
  const sumOf = (cell: number) => {
    if (magnitude <= Number.MAX_SAFE_INTEGER) return BigInt(sums[cell] as number);
    let big = 0n;
    for (let i = 0; i < n; i++) if (cellOf[i] === cell) big += BigInt(kopecks[i] as number);
    return big;
  };
  const matrix: Cell[] = [];
  let total = 0n;
  for (let cell = 0; cell < 12; cell++) {
    if (counts[cell] === 0) continue;
    const value = sumOf(cell);
    total += value;
    const xyz = XYZ_CELLS[cell % 4] as string;
    matrix.push({ abc: ABC[Math.floor(cell / 4)] as AbcClass, xyz: xyz === '-' ? null : (xyz as Cell['xyz']), clients: counts[cell] as number, value: fromMinor(value) });
  }
  const text = Buffer.from(classes.buffer, classes.byteOffset, classes.byteLength).toString('latin1');
  return { ids, kopecks, classes: text, running: r.running, total: n > 0 ? fromMinor(total) : '0', matrix };
}
/** A positive total beyond 2^53 kopecks: the same rule in BigInt (classifyAbc), in rankAbcMinor's shape. */
function rankBig(c: { ids: Int32Array; kopecks: Float64Array }, t: AbcThresholds) {
  const index = new Map(Array.from(c.ids, (id, i) => [id, i]));
  const big = classifyAbc(Array.from(c.ids, (id, i) => ({ id, value: fromMinor(BigInt(c.kopecks[i] as number)) })), t);
  const order = Uint32Array.from(big, (b) => index.get(b.id) as number);
  const from = (abc: AbcClass) => {
    const i = big.findIndex((b) => b.abc >= abc);
    return i < 0 ? big.length : i;
  };
  let sum = 0;
  return { order, bFrom: from('B'), cFrom: from('C'), running: Float64Array.from(order, (k) => (sum += Math.max(c.kopecks[k] as number, 0))) };
}

// matrix cells in the order of the snapshot's: A before B before C, then X, Y, Z and no class last
const ABC = 'ABC';
const XYZ_CELLS = 'XYZ-';
const CODE_A = 'A'.charCodeAt(0);
const CODE_X = 'X'.charCodeAt(0);

async function classifiedPage(ctx: AppContext, o: { period: abcRepo.AbcPeriod; thresholds: Thresholds; q: AbcQuery }) {
  const { period, thresholds, q } = o;
  const key = JSON.stringify([period, thresholds]);
  const r = await rankingFor(ctx, key, () => periodRanking(ctx.db, period, thresholds, { halves: ctx.database.kind === 'postgres' }));
  const picked: number[] = [];
  for (let i = afterRank(q.cursor); i < r.ids.length && picked.length <= q.limit; i++) {
    if ((q.abc && r.classes[2 * i] !== q.abc) || (q.xyz && r.classes[2 * i + 1] !== q.xyz)) continue;
    picked.push(i);
  }
  const rows = await abcRepo.abcItems(ctx.db, {
    ...period,
    ids: picked.map((i) => r.ids[i] as number),
    ranks: picked.map((i) => i + 1),
    running: picked.map((i) => r.running[i] as number),
    total: r.running[r.running.length - 1] ?? 0,
  });
  const items = rows.map((i): Item => {
    const abc = r.classes[2 * (i.rank - 1)] as Item['abc'];
    const xyz = r.classes[2 * (i.rank - 1) + 1];
    return {
      rank: i.rank,
      companyId: i.company_id,
      companyName: i.company_name,
      ownerId: i.owner_id,
      ownerName: i.owner_name,
      value: i.value,
      revenue: i.revenue,
      margin: i.margin,
      orders: i.orders,
      monthsWithOrders: i.months_with_orders,
      share: Number(i.share),
      cumulativeShare: Number(i.cumulative_share),
      abc,
      xyz: xyz === '-' ? null : (xyz as Item['xyz']),
      cv: i.cv === null ? null : Number(i.cv),
    };
  });
  return { clients: r.ids.length, total: r.total, matrix: r.matrix, items };
}

async function fromSnapshot(ctx: AppContext, q: AbcQuery) {
  const [r, summary] = await Promise.all([
    abcPage(ctx.db, { measure: q.measure, abc: q.abc, xyz: q.xyz, afterRank: afterRank(q.cursor), limit: q.limit }),
    readSummary(ctx.db),
  ]);
  const cells = summary.abc[q.measure];
  const matrix: Cell[] = cells.map((m) => ({ abc: m.abc, xyz: m.xyz, clients: m.clients, value: m.value }));
  const totalPositive = cells.reduce((s, m) => s + toMinor(m.positive), 0n);
  const rankOf = (i: (typeof r.items)[number]) => (q.measure === 'margin' ? i.margin_rank : i.revenue_rank) as number;
  const page = pageOf(r.items, q.limit, (i) => ({ rank: rankOf(i), id: i.company_id }));
  const share = (v: bigint) => (totalPositive > 0n ? Math.round((Number(v) / Number(totalPositive)) * 1e6) / 1e6 : 0);
  const items = page.items.map((i): Item => {
    const value = q.measure === 'margin' ? i.margin : i.revenue;
    return {
      rank: rankOf(i),
      companyId: i.company_id,
      companyName: i.company_name,
      ownerId: i.owner_id,
      ownerName: i.owner_name,
      value,
      revenue: i.revenue,
      margin: i.margin,
      orders: i.orders_12m,
      monthsWithOrders: i.months_12m,
      share: share(positive(value)),
      cumulativeShare: share(toMinor(r.running.get(rankOf(i)) ?? '0')),
      abc: (q.measure === 'margin' ? i.margin_abc : i.revenue_abc) as Item['abc'],
      xyz: i.xyz as Item['xyz'],
      cv: i.cv,
    };
  });
  return {
    clients: matrix.reduce((s, m) => s + m.clients, 0),
    total: fromMinor(matrix.reduce((s, m) => s + toMinor(m.value), 0n)),
    classes: classTotals(matrix),
    matrix,
    items,
    nextCursor: page.nextCursor,
  };
}

export async function getAbcHistory(ctx: AppContext, actor: Actor, q: AbcHistoryQuery): Promise<AbcHistory> {
  assertManagement(actor);
  await ensureFresh(ctx);
  const [first, s] = await Promise.all([abcRepo.firstHistoryPeriod(ctx.db), readState(ctx.db)]);
  const periods: string[] = [];
  for (let p = first; p !== null && s.history_through !== null && p <= s.history_through; p = addMonths(p, 3)) periods.push(monthKey(p));
  const toDto = (h: abcRepo.HistoryRow) => ({
    companyId: h.company_id,
    companyName: h.company_name,
    periodEnd: h.period_end,
    abc: h.abc,
    xyz: h.xyz,
    revenue: h.revenue,
    cv: h.cv === null ? null : Number(h.cv),
    previousAbc: h.previous_abc,
    previousXyz: h.previous_xyz,
  });
  if (q.companyId !== undefined) {
    await assertCompanyVisible(ctx.db, actor, q.companyId);
    return { periods, items: (await abcRepo.companyHistory(ctx.db, { companyId: q.companyId })).map(toDto), nextCursor: null };
  }
  const latest = periods[periods.length - 1];
  if (!latest) return { periods, items: [], nextCursor: null };
  const rows = await abcRepo.changesAt(ctx.db, { periodEnd: `${latest}-01`, afterId: afterRank(q.cursor), limit: q.limit });
  // Sorted by company id, so the id itself is what the cursor carries.
  const page = pageOf(rows, q.limit, (r) => ({ rank: r.company_id, id: r.company_id }));
  return { periods, items: page.items.map(toDto), nextCursor: page.nextCursor };
}
