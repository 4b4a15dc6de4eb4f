import { z } from 'zod';
import { CLIENT_SCOPES, ROLES } from '../../domain/actor.js';

export const rolePolicy = z.object({
  clientScope: z.enum(CLIENT_SCOPES).describe('own: clients where they hold a seat; team: plus those of employees they manage (transitively); all'),
  maskPhones: z.boolean(),
  maskEmails: z.boolean(),
  revealDailyLimit: z.number().int().min(0).max(10_000).describe('reveals of masked values per employee per day'),
  exportAllowed: z.boolean(),
  exportRowLimit: z.number().int().min(0).max(10_000_000).nullable().describe('null: no limit'),
  exportApprovalAbove: z.number().int().min(0).max(10_000_000).nullable().describe('null: no approval needed'),
});

export const rolePolicyView = rolePolicy.extend({
  role: z.enum(ROLES),
  updatedAt: z.string().describe('ISO 8601 date-time'),
  updatedBy: z.number().nullable(),
});
export type RolePolicyView = z.infer<typeof rolePolicyView>;

export const rolePolicyUpdate = rolePolicy.partial().strict();
export type RolePolicyUpdate = z.infer<typeof rolePolicyUpdate>;

export const roleParams = z.object({ role: z.enum(ROLES) });
