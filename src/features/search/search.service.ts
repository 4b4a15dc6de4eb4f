import type { AppContext } from '../../app-context.js';
import type { Actor, EmployeeStatus } from '../../domain/actor.js';
import { invalidField } from '../../domain/errors.js';
import { maskContactFields } from '../../domain/masking.js';
import { normalisePhone } from '../../domain/phone.js';
import * as repo from './search.repository.js';
import { SWITCHED_PENALTY } from './search.repository.js';
import { MIN_PHONE_DIGITS, planSearch, type SearchPlan } from './search.plan.js';
import { typoScore } from './search.rank.js';
import type { MatchField, MatchKind, PhoneLookup, SearchHit, SearchQuery, SearchResult } from './search.schema.js';

const KIND_BY_TIER: MatchKind[] = ['exact', 'prefix', 'contains', 'similar'];

const ownerOf = (row: { owner_id: number | null; owner_name: string | null; owner_status: string | null }) =>
  row.owner_id !== null ? { id: row.owner_id, name: row.owner_name ?? '', status: row.owner_status as EmployeeStatus } : null;

function toHit(row: repo.SearchRow, actor: Actor): SearchHit {
  const matched = { field: row.field as MatchField, kind: KIND_BY_TIER[row.tier] ?? 'similar', layoutSwitched: row.switched, score: Math.round(row.score * 1000) / 1000 };
  const company = { id: row.company_id, name: row.company_name };
  const owner = ownerOf(row);
  if (row.contact_id === null) {
    const legal = row.legal_name && row.legal_name !== row.company_name ? row.legal_name : null;
    const subtitle = [legal, row.inn ? `ИНН ${row.inn}` : null].filter(Boolean).join(' · ');
    return { kind: 'company', id: row.company_id, title: row.company_name, subtitle, matched, company, owner };
  }
  // Client phone numbers and emails are masked as the role's policy says (domain, item 10).
  const shown = maskContactFields(actor, { phones: row.phones ?? [], emails: row.emails ?? [] });
  const details = [...shown.phones, ...shown.emails];
  const subtitle = [row.position, row.company_name, ...details].filter(Boolean).join(' · ');
  return { kind: 'contact', id: row.contact_id, title: row.contact_name ?? '', subtitle, matched, company, owner };
}

// Contains and similar hits are re-scored with edit distance per word (see search.rank.ts).
function rerank(rows: repo.SearchRow[], plan: SearchPlan): repo.SearchRow[] {
  const rescored = rows.map((r) => {
    const variant = plan.texts.find((t) => t.switched === r.switched);
    if (r.tier < 2 || !variant) return r;
    return { ...r, score: (r.score + typoScore(variant.text, r.matched_text) * (r.switched ? SWITCHED_PENALTY : 1)) / 2 };
  });
  return rescored.sort((a, b) => a.tier - b.tier || b.score - a.score || a.company_id - b.company_id || (a.contact_id ?? 0) - (b.contact_id ?? 0));
}

export async function search(ctx: AppContext, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const plan = planSearch(query.q);
  const rows = await repo.searchClients(ctx.db, { actor, plan, limit: query.limit });
  return { items: rerank(rows, plan).slice(0, query.limit).map((r) => toHit(r, actor)) };
}

export async function lookupPhone(ctx: AppContext, actor: Actor, number: string): Promise<PhoneLookup> {
  const digits = number.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) throw invalidField('number', `must contain at least ${MIN_PHONE_DIGITS} digits`);
  const e164 = digits.length >= 10 ? normalisePhone(number) : null;
  let rows = e164 ? await repo.lookupPhone(ctx.db, { actor, e164, digits, limit: 20 }) : [];
  // A number we cannot read in full, or one stored in another form, still finds its owner by its tail.
  if (rows.length === 0) rows = await repo.lookupPhone(ctx.db, { actor, e164: null, digits: digits.slice(-10), limit: 20 });
  return {
    phone: e164,
    items: rows.map((r) => ({
      company: { id: r.company_id, name: r.company_name },
      contact: { id: r.contact_id, name: r.contact_name, position: r.position },
      owner: ownerOf(r),
      exact: r.exact,
    })),
  };
}
