import { z } from 'zod';

export const REVEAL_FIELDS = ['phones', 'emails'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

export const revealBody = z.object({
  field: z.enum(REVEAL_FIELDS),
  reason: z.string().trim().min(5, 'must be at least 5 characters: say why you need the value').max(500, 'must be at most 500 characters'),
});
export type RevealBody = z.infer<typeof revealBody>;

export const revealResult = z.object({
  contactId: z.number(),
  field: z.enum(REVEAL_FIELDS),
  values: z.array(z.string()).describe('the values in clear'),
  remainingToday: z.number().nullable().describe('reveals left today; null when the field is not masked for you (nothing was counted)'),
});
export type RevealResult = z.infer<typeof revealResult>;
