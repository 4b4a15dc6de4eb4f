import { z } from 'zod';
import { MONEY_PATTERN } from '../../domain/money.js';

// Building blocks shared by every feature's schema file (and by the web client's types).
export const id = z.coerce.number().int().positive().max(2_147_483_647);
export const idParams = z.object({ id });
export type IdParams = z.infer<typeof idParams>;

export const money = z
  .string()
  .regex(MONEY_PATTERN, 'must be a non-negative decimal amount with at most 2 decimals, e.g. "1234.50"');
export const isoDate = z.iso.date({ message: 'must be a date in YYYY-MM-DD form' });
export const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export const shortText = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const optionalText = (max = 1000) => z.string().trim().max(max, `must be at most ${max} characters`).nullable().optional();
export const timestamp = z.string().describe('ISO 8601 date-time');

export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  dir: z.enum(['asc', 'desc']).default('asc'),
  includeArchived: z.stringbool().default(false),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });
