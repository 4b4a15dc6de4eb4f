import fs from 'node:fs';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app-context.js';
import { enToRu, ruToEn } from '../../src/domain/keyboard-layout.js';
import { cardReadAudit } from '../../src/features/access/access.service.js';
import { loadDossier } from '../../src/features/dossier/dossier.repository.js';
import { searchClients } from '../../src/features/search/search.repository.js';
import { planSearch } from '../../src/features/search/search.plan.js';
import type { Generated } from './generate.js';
import { pick, seededRng } from './names.js';

// Latency of the search and dossier endpoints through HTTP at a fixed concurrency, and of the
// same SQL run straight on the database at the same concurrency, so the ratio shows what HTTP,
// auth, validation and JSON add on top of the query.
export type Stats = { n: number; p50: number; p95: number; p99: number; max: number };

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] as number };
}

export async function runConcurrent<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        const t = performance.now();
        await fn(item);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

/**
 * CPU time (ms) the PostgreSQL backends of this database have used since the call, read from /proc
 * (the server must run on this machine; null when it cannot be read, e.g. another host or PGlite).
 * A backend that ends meanwhile takes its time with it; the pool keeps them open during a run.
 */
export async function backendCpu(ctx: AppContext): Promise<() => Promise<number | null>> {
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  const backends = async () =>
    (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(ctx.db)).rows.map((r) => r.pid);
  const ticks = (pid: number) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      return null;
    }
  };
  if (ctx.database.kind !== 'postgres') return async () => null;
  const start = new Map((await backends()).map((pid) => [pid, ticks(pid)] as const));
  if ([...start.values()].some((t) => t === null || Number.isNaN(t))) return async () => null;
  return async () => {
    let sum = 0;
    for (const pid of await backends()) sum += (ticks(pid) ?? 0) - (start.get(pid) ?? 0);
    return sum * TICK_MS;
  };
}

function typo(word: string, r: () => number) {
  const i = 1 + Math.floor(r() * (word.length - 3));
  return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
}

/** A mix of what operators type: name fragments, typos, wrong layout, people, phones, INNs, emails. */
export function mixedQueries(data: Generated, count: number, seed = 5): string[] {
  const r = seededRng(seed);
  const brand = (name: string) => name.replace(/^(ООО|АО|ИП) /, '').replace(/[«»]/g, '');
  const makers: (() => string | null)[] = [
    () => brand(pick(r, data.companies).name).slice(0, 4 + Math.floor(r() * 6)),
    () => brand(pick(r, data.companies).name),
    () => typo(brand(pick(r, data.companies).name).toLowerCase(), r),
    () => ruToEn(brand(pick(r, data.companies).name).toLowerCase()),
    () => { const [s, f] = pick(r, data.contacts).name.split(' '); return `${f} ${s}`; },
    () => pick(r, data.contacts).name.split(' ').slice(0, 2).join(' '),
    () => { const p = pick(r, data.contacts).phones[0]; return p ? `8 (${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8, 10)}-${p.slice(10)}` : null; },
    () => pick(r, data.contacts).phones[0] ?? null,
    () => pick(r, data.contacts).phones[0]?.slice(-4) ?? null,
    () => pick(r, data.companies).inn.slice(0, 6),
    () => pick(r, data.contacts).emails[0] ?? null,
    () => pick(r, ['пром', 'строй', 'торг', 'сервис', 'иванов', 'ghjv', enToRu('cnhjq')]),
  ];
  const out: string[] = [];
  while (out.length < count) {
    const q = pick(r, makers)();
    if (q && q.trim().length >= 2) out.push(q);
  }
  return out;
}

/** What the search endpoint runs on the database (settings, then the stages it needs), without HTTP. */
export const directSearch = (ctx: AppContext, actor: Parameters<typeof searchClients>[1]['actor'], q: string) =>
  searchClients(ctx.db, { actor, plan: planSearch(q), limit: 20 });

/** The dossier's one statement, with the out-of-portfolio audit append the endpoint makes. */
export const directDossier = (ctx: AppContext, actor: Parameters<typeof loadDossier>[1]['actor'], companyId: number) =>
  loadDossier(ctx.db, { actor, companyId, contactId: null, phone: null, listLimit: 20, audit: cardReadAudit(actor, companyId, 'dossier') });
