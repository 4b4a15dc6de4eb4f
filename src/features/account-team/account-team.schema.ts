import { z } from 'zod';
import { EMPLOYEE_STATUSES } from '../../domain/actor.js';
import { id, timestamp } from '../shared/common.schema.js';

export const SEAT_ROLES = ['owner', 'backup', 'hunter', 'key_account', 'service'] as const;
export type SeatRole = (typeof SEAT_ROLES)[number];

export const teamParams = z.object({ id });
export const seatParams = z.object({ id, seatId: id });

export const teamQuery = z.object({
  includeHistory: z.stringbool().default(false).describe('Also list ended seats (with `until`)'),
});
export type TeamQuery = z.infer<typeof teamQuery>;

export const seatCreate = z.object({
  employeeId: id,
  role: z.enum(SEAT_ROLES),
});
export type SeatCreate = z.infer<typeof seatCreate>;

export const seat = z.object({
  id: z.number(),
  companyId: z.number(),
  employeeId: z.number(),
  employeeName: z.string(),
  employeeStatus: z.enum(EMPLOYEE_STATUSES),
  role: z.enum(SEAT_ROLES),
  since: timestamp,
  until: timestamp.nullable(),
});
export type Seat = z.infer<typeof seat>;

export const team = z.object({ items: z.array(seat) });
