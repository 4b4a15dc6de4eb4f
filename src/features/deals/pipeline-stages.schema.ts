import { z } from 'zod';
import { pageQuery, shortText, timestamp } from '../shared/common.schema.js';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

const position = z.number().int().min(0).max(1_000_000);
const probability = z.number().int().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

export const stageCreate = z.object({
  name: shortText(100),
  position: position.optional().describe('Defaults to after the last stage'),
  kind: z.enum(STAGE_KINDS).default('open'),
  probability: probability.optional().describe('Defaults to 100 for a won stage, 0 otherwise'),
});
export type StageCreate = z.infer<typeof stageCreate>;

export const stageUpdate = z.object({
  name: shortText(100).optional(),
  position: position.optional(),
  kind: z.enum(STAGE_KINDS).optional(),
  probability: probability.optional(),
});
export type StageUpdate = z.infer<typeof stageUpdate>;

export const stage = z.object({
  id: z.number(),
  name: z.string(),
  position: z.number(),
  kind: z.enum(STAGE_KINDS),
  probability: z.number(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Stage = z.infer<typeof stage>;

export const stageListQuery = pageQuery;
export type StageListQuery = z.infer<typeof stageListQuery>;
