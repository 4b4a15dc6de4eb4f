import { z } from 'zod';
import { checkInn } from '../../domain/inn.js';
import { id, money, optionalText, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const COMPANY_STATUSES = ['prospect', 'active', 'at_risk', 'lost'] as const;

const inn = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const result = checkInn(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
  });

const kpp = z.string().trim().regex(/^\d{4}[0-9A-Z]{2}\d{3}$/, 'KPP must be 9 characters: 4 digits, 2 digits or letters, 3 digits');
const tag = z.string().trim().min(1).max(50, 'a tag must be at most 50 characters');

export const companyCreate = z.object({
  name: shortText(300),
  legalName: optionalText(500),
  inn: inn.nullable().optional(),
  kpp: kpp.nullable().optional(),
  status: z.enum(COMPANY_STATUSES).default('prospect'),
  ownerId: id.nullable().optional(),
  sourceId: id.nullable().optional(),
  annualPotential: money.nullable().optional(),
  tags: z.array(tag).max(50).default([]),
  address: optionalText(1000),
  website: optionalText(500),
  externalId: optionalText(200),
});
export type CompanyCreate = z.infer<typeof companyCreate>;

export const companyUpdate = companyCreate.partial().extend({
  status: z.enum(COMPANY_STATUSES).optional(),
  tags: z.array(tag).max(50).optional(),
});
export type CompanyUpdate = z.infer<typeof companyUpdate>;

export const company = z.object({
  id: z.number(),
  name: z.string(),
  legalName: z.string().nullable(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  status: z.enum(COMPANY_STATUSES),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  sourceId: z.number().nullable(),
  annualPotential: z.string().nullable(),
  tags: z.array(z.string()),
  address: z.string().nullable(),
  website: z.string().nullable(),
  externalId: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Company = z.infer<typeof company>;

export const companyListQuery = pageQuery.extend({
  ownerId: id.optional(),
  status: z.enum(COMPANY_STATUSES).optional(),
  tag: z.string().max(50).optional(),
  q: z.string().trim().max(200).optional().describe('Name starts with (case-insensitive)'),
  sort: z.enum(['name', 'createdAt', 'id']).default('name'),
});
export type CompanyListQuery = z.infer<typeof companyListQuery>;
