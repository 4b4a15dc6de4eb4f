import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

// The latest calendar date anywhere on Earth (UTC+14), so a birthday "today" in any time zone passes.
const latestToday = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);

const birthday = isoDate
  .refine((d) => d >= '1900-01-01', 'must be on or after 1900-01-01')
  .refine((d) => d <= latestToday(), 'must not be in the future');

// Phones arrive in any common written form; the service normalises each to E.164 and names the
// index of one it cannot read (phones.<i>), so the schema only bounds their size.
const phone = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters');
const email = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email({ message: 'must be an email address' }));

export const contactCreate = z.object({
  companyId: id,
  name: shortText(200),
  position: optionalText(200),
  isDecisionMaker: z.boolean().default(false),
  phones: z.array(phone).max(20, 'at most 20 phones').default([]),
  emails: z.array(email).max(20, 'at most 20 emails').default([]),
  birthday: birthday.nullable().optional(),
  externalId: optionalText(200),
});
export type ContactCreate = z.infer<typeof contactCreate>;

export const contactUpdate = contactCreate.partial().extend({
  isDecisionMaker: z.boolean().optional(),
  phones: z.array(phone).max(20, 'at most 20 phones').optional(),
  emails: z.array(email).max(20, 'at most 20 emails').optional(),
});
export type ContactUpdate = z.infer<typeof contactUpdate>;

export const contact = z.object({
  id: z.number(),
  companyId: z.number(),
  companyName: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  isDecisionMaker: z.boolean(),
  phones: z.array(z.string()).describe('E.164, e.g. +79123456789'),
  emails: z.array(z.string()),
  birthday: z.string().nullable().describe('YYYY-MM-DD'),
  externalId: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Contact = z.infer<typeof contact>;

export const contactListQuery = pageQuery.extend({
  companyId: id.optional(),
  isDecisionMaker: z.stringbool().optional(),
  q: z.string().trim().max(200).optional().describe('Name starts with (case-insensitive)'),
  sort: z.enum(['name', 'createdAt', 'id']).default('name'),
});
export type ContactListQuery = z.infer<typeof contactListQuery>;
