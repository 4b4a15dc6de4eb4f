import { z } from 'zod';
import { id, isoDate, money, pageQuery, shortText, timestamp } from '../shared/common.schema.js';
import { STAGE_KINDS } from './pipeline-stages.schema.js';

export const BOARD_DEALS_PER_STAGE = 100;

export const dealCreate = z.object({
  companyId: id,
  title: shortText(300),
  stageId: id.optional().describe('Defaults to the first open stage by position'),
  amount: money.default('0.00'),
  expectedClose: isoDate.nullable().optional(),
  ownerId: id.nullable().optional().describe('Defaults to you'),
});
export type DealCreate = z.infer<typeof dealCreate>;

export const dealUpdate = z.object({
  title: shortText(300).optional(),
  amount: money.optional(),
  expectedClose: isoDate.nullable().optional(),
  ownerId: id.nullable().optional(),
  stageId: id.optional(),
});
export type DealUpdate = z.infer<typeof dealUpdate>;

export const deal = z.object({
  id: z.number(),
  companyId: z.number(),
  companyName: z.string(),
  title: z.string(),
  stageId: z.number(),
  stageName: z.string(),
  stageKind: z.enum(STAGE_KINDS),
  probability: z.number(),
  amount: z.string(),
  expectedClose: z.string().nullable(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  closedAt: timestamp.nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Deal = z.infer<typeof deal>;

export const dealListQuery = pageQuery.extend({
  stageId: id.optional(),
  ownerId: id.optional(),
  companyId: id.optional(),
  open: z.stringbool().optional().describe('true: not yet won or lost; false: closed'),
  sort: z.enum(['amount', 'expectedClose', 'createdAt', 'id']).default('createdAt').describe('expectedClose puts deals without a date last'),
});
export type DealListQuery = z.infer<typeof dealListQuery>;

export const stageChange = z.object({
  id: z.number(),
  fromStageId: z.number().nullable(),
  fromStageName: z.string().nullable(),
  toStageId: z.number(),
  toStageName: z.string(),
  changedBy: z.number().nullable(),
  changedByName: z.string().nullable(),
  changedAt: timestamp,
});
export type StageChange = z.infer<typeof stageChange>;

export const boardQuery = z.object({ ownerId: id.optional(), companyId: id.optional() });
export type BoardQuery = z.infer<typeof boardQuery>;

export const board = z.object({
  stages: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      position: z.number(),
      probability: z.number(),
      count: z.number().describe('all matching deals in the stage, not only those returned'),
      sum: z.string(),
      deals: z.array(deal).describe(`the ${BOARD_DEALS_PER_STAGE} largest by amount`),
    }),
  ),
});
export type Board = z.infer<typeof board>;
