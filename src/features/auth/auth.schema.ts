import { z } from 'zod';
import { ROLES } from '../../domain/actor.js';
import { rolePolicy } from '../policies/policies.schema.js';
import { shortText, timestamp } from '../shared/common.schema.js';

export const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(500),
});

export const me = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  policy: rolePolicy.describe("the role's access policy: which clients, which contact fields are masked"),
});
export type Me = z.infer<typeof me>;

export const createTokenBody = z.object({ name: shortText(200) });
export const apiToken = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
export const createdToken = apiToken.extend({ token: z.string().describe('Shown once; send as `Authorization: Bearer <token>`') });
