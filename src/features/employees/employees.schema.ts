import { z } from 'zod';
import { EMPLOYEE_STATUSES, ROLES } from '../../domain/actor.js';
import { id, isoDate, pageQuery, shortText, timestamp } from '../shared/common.schema.js';

// Emails are compared case-insensitively everywhere, so they are stored lower-cased.
const email = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));
const password = z.string().min(8, 'must be at least 8 characters').max(500, 'must be at most 500 characters');

export const employeeCreate = z.object({
  name: shortText(200),
  email,
  role: z.enum(ROLES),
  password: password.optional(),
  hiredOn: isoDate.optional(),
  managerId: id.nullable().optional(),
});
export type EmployeeCreate = z.infer<typeof employeeCreate>;

export const employeeUpdate = z.object({
  name: shortText(200).optional(),
  email: email.optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(EMPLOYEE_STATUSES).optional(),
  password: password.optional(),
  hiredOn: isoDate.optional(),
  managerId: id.nullable().optional(),
});
export type EmployeeUpdate = z.infer<typeof employeeUpdate>;

export const employee = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  status: z.enum(EMPLOYEE_STATUSES),
  hiredOn: z.string(),
  managerId: z.number().nullable(),
  managerName: z.string().nullable(),
  hasPassword: z.boolean(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Employee = z.infer<typeof employee>;

export const employeeDetail = employee.extend({
  reports: z.array(z.object({ id: z.number(), name: z.string() })).describe('Direct reports: whom this employee manages'),
});
export type EmployeeDetail = z.infer<typeof employeeDetail>;

export const statusChange = z.object({
  id: z.number(),
  fromStatus: z.enum(EMPLOYEE_STATUSES).nullable(),
  toStatus: z.enum(EMPLOYEE_STATUSES),
  changedBy: z.number().nullable(),
  changedByName: z.string().nullable(),
  changedAt: timestamp,
});
export type StatusChange = z.infer<typeof statusChange>;

export const employeeListQuery = pageQuery.extend({
  role: z.enum(ROLES).optional(),
  status: z.enum(EMPLOYEE_STATUSES).optional(),
  managerId: id.optional(),
  q: z.string().trim().max(200).optional().describe('Name starts with (case-insensitive)'),
  sort: z.enum(['name', 'hiredOn', 'id']).default('name'),
});
export type EmployeeListQuery = z.infer<typeof employeeListQuery>;
