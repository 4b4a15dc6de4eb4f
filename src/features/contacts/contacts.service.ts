import type { AppContext } from '../../app-context.js';
import type { Actor } from '../../domain/actor.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { maskContactFields } from '../../domain/masking.js';
import { normalisePhone } from '../../domain/phone.js';
import { assertCompanyReference } from '../access/access.service.js';
import type { Contact, ContactCreate, ContactListQuery, ContactUpdate } from './contacts.schema.js';
import * as repo from './contacts.repository.js';

export function toContactDto(row: repo.ContactRow): Contact {
  return {
    id: row.id,
    companyId: row.company_id,
    companyName: row.company_name,
    name: row.name,
    position: row.position,
    isDecisionMaker: row.is_decision_maker,
    phones: row.phones,
    emails: row.emails,
    birthday: row.birthday,
    externalId: row.external_id,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// Stored in E.164 so a caller's number is found whichever way it was typed; the error names the
// index so a form can mark the one bad entry.
export function normalisePhones(phones: string[]): string[] {
  const out: string[] = [];
  phones.forEach((raw, i) => {
    const e164 = normalisePhone(raw);
    if (!e164) throw invalidField(`phones.${i}`, `"${raw}" is not a phone number`);
    if (!out.includes(e164)) out.push(e164);
  });
  return out;
}

function toValues(input: ContactUpdate): repo.ContactValues {
  const v: repo.ContactValues = {};
  if (input.companyId !== undefined) v.company_id = input.companyId;
  if (input.name !== undefined) v.name = input.name;
  if (input.position !== undefined) v.position = input.position || null;
  if (input.isDecisionMaker !== undefined) v.is_decision_maker = input.isDecisionMaker;
  if (input.phones !== undefined) v.phones = normalisePhones(input.phones);
  if (input.emails !== undefined) v.emails = [...new Set(input.emails)];
  if (input.birthday !== undefined) v.birthday = input.birthday;
  if (input.externalId !== undefined) v.external_id = input.externalId || null;
  return v;
}

/** The contact as this actor may see it: phones and emails masked when the role's policy says so. */
export const contactFor = (actor: Actor, row: repo.ContactRow): Contact => maskContactFields(actor, toContactDto(row));

export async function listContacts(ctx: AppContext, actor: Actor, query: ContactListQuery) {
  const page = await repo.listContacts(ctx.db, { ...query, actor });
  return { items: page.items.map((r) => contactFor(actor, r)), nextCursor: page.nextCursor };
}

export async function getContact(ctx: AppContext, actor: Actor, id: number): Promise<Contact> {
  const row = await repo.findContact(ctx.db, { id, actor });
  if (!row) throw notFound('Contact', id);
  return contactFor(actor, row);
}

// Someone who sees masks cannot meaningfully edit the list behind them: what they send is added to
// the stored values (a new number from the client), never replaces or removes hidden ones.
function keepMaskedValues(actor: Actor, current: repo.ContactRow, values: repo.ContactValues): repo.ContactValues {
  const v = { ...values };
  if (v.phones && actor.policy.maskPhones) v.phones = [...new Set([...current.phones, ...v.phones])];
  if (v.emails && actor.policy.maskEmails) v.emails = [...new Set([...current.emails, ...v.emails])];
  return v;
}

export async function createContact(ctx: AppContext, actor: Actor, input: ContactCreate): Promise<Contact> {
  const values = toValues(input);
  await assertCompanyReference(ctx.db, actor, input.companyId);
  const { id } = await repo.insertContact(ctx.db, { values: { ...values, company_id: input.companyId, name: input.name } });
  return getContact(ctx, actor, id);
}

export async function updateContact(ctx: AppContext, actor: Actor, id: number, input: ContactUpdate): Promise<Contact> {
  const current = await repo.findContact(ctx.db, { id, actor });
  if (!current) throw notFound('Contact', id);
  const values = keepMaskedValues(actor, current, toValues(input));
  // Moving a contact to another client needs access to that client too.
  if (input.companyId !== undefined && input.companyId !== current.company_id) await assertCompanyReference(ctx.db, actor, input.companyId);
  await repo.updateContact(ctx.db, { id, values });
  return getContact(ctx, actor, id);
}

export async function setContactArchived(ctx: AppContext, actor: Actor, id: number, archived: boolean): Promise<Contact> {
  if (!(await repo.findContact(ctx.db, { id, actor }))) throw notFound('Contact', id);
  await repo.updateContact(ctx.db, { id, values: { archived_at: archived ? new Date() : null } });
  return getContact(ctx, actor, id);
}
