import { z } from 'zod';
import { EMPLOYEE_STATUSES } from '../../domain/actor.js';

export const SEARCH_MIN_LENGTH = 2;

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(SEARCH_MIN_LENGTH, `must be at least ${SEARCH_MIN_LENGTH} characters`)
    .max(200, 'must be at most 200 characters')
    .describe('Name or legal-name fragment, INN prefix, phone (any format or its last 4+ digits), email, contact name'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const MATCH_FIELDS = ['inn', 'phone', 'email', 'name', 'contactName'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];
export const MATCH_KINDS = ['exact', 'prefix', 'contains', 'similar'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

const owner = z.object({ id: z.number(), name: z.string(), status: z.enum(EMPLOYEE_STATUSES) });

export const searchHit = z.object({
  kind: z.enum(['company', 'contact']),
  id: z.number().describe('company id or contact id, by kind'),
  title: z.string(),
  subtitle: z.string(),
  matched: z.object({
    field: z.enum(MATCH_FIELDS),
    kind: z.enum(MATCH_KINDS),
    layoutSwitched: z.boolean().describe('the query matched only when read in the other keyboard layout'),
    score: z.number(),
  }),
  company: z.object({ id: z.number(), name: z.string() }),
  owner: owner.nullable().describe('who serves the client'),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchResult = z.object({ items: z.array(searchHit) });
export type SearchResult = z.infer<typeof searchResult>;

export const phoneParams = z.object({
  number: z.string().trim().min(4, 'must be at least 4 characters').max(40, 'must be at most 40 characters'),
});

export const phoneLookup = z.object({
  phone: z.string().nullable().describe('the number in E.164, when it reads as a full number'),
  items: z.array(
    z.object({
      company: z.object({ id: z.number(), name: z.string() }),
      contact: z.object({ id: z.number(), name: z.string(), position: z.string().nullable() }),
      owner: owner.nullable(),
      exact: z.boolean().describe('false when only the last digits matched'),
    }),
  ),
});
export type PhoneLookup = z.infer<typeof phoneLookup>;
