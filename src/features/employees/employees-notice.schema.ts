import { z } from 'zod';
import { isoDate, optionalText, timestamp } from '../shared/common.schema.js';
import { employeeDetail } from './employees.schema.js';

export const noticeBody = z.object({
  toCompetitor: z.boolean().describe('Leaving for a competitor: every session and token is revoked at once and the password cleared'),
  lastDay: isoDate.nullable().optional(),
  note: optionalText(2000),
});
export type NoticeBody = z.infer<typeof noticeBody>;

export const noticeResult = z.object({
  employee: employeeDetail,
  notice: z.object({ id: z.number(), toCompetitor: z.boolean(), lastDay: z.string().nullable(), note: z.string().nullable(), createdAt: timestamp }),
  credentialsRevoked: z.boolean(),
});
export type NoticeResult = z.infer<typeof noticeResult>;
