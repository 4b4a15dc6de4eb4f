import { z } from 'zod';
import { EMPLOYEE_STATUSES, ROLES } from '../../domain/actor.js';
import { id, idParams, money, timestamp } from '../shared/common.schema.js';

export const dossierParams = idParams;
export const dossierQuery = z.object({
  contactId: id.optional().describe('the contact who is calling, when known'),
  phone: z.string().trim().min(4).max(40, 'must be at most 40 characters').optional().describe('the calling number, any format'),
});
export type DossierQuery = z.infer<typeof dossierQuery>;

const employee = z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES), status: z.enum(EMPLOYEE_STATUSES) });
export type DossierEmployee = z.infer<typeof employee>;

export const ROUTE_REASONS = ['owner', 'backup', 'head_of_sales', 'nobody'] as const;

const contact = z.object({
  id: z.number(),
  name: z.string(),
  position: z.string().nullable(),
  isDecisionMaker: z.boolean(),
  phones: z.array(z.string()).describe("masked (+7 *** ***-**-89) when the reader's role policy masks phones"),
  emails: z.array(z.string()).describe("masked (i***@d***.ru) when the reader's role policy masks emails"),
});

export const dossier = z.object({
  company: z.object({
    id: z.number(),
    name: z.string(),
    legalName: z.string().nullable(),
    inn: z.string().nullable(),
    status: z.string(),
    tags: z.array(z.string()),
    archivedAt: timestamp.nullable(),
  }),
  caller: contact.nullable().describe('the contact behind contactId or phone; null when unknown'),
  contacts: z.array(contact),
  owner: employee.nullable(),
  routeTo: z.object({
    employee: employee.nullable(),
    reason: z.enum(ROUTE_REASONS).describe('owner when available; else a backup on the account team; else the head of sales'),
  }),
  accountTeam: z.array(employee.extend({ seat: z.string(), since: timestamp })),
  openDeals: z.array(z.object({ id: z.number(), title: z.string(), stage: z.string(), amount: money, expectedClose: z.string().nullable(), ownerName: z.string().nullable() })),
  openOrders: z.array(z.object({ id: z.number(), number: z.string(), orderedOn: z.string(), status: z.string(), total: money })),
  lastInteractions: z.array(
    z.object({ id: z.number(), type: z.string(), occurredAt: timestamp, direction: z.string().nullable(), summary: z.string(), employeeName: z.string(), contactName: z.string().nullable() }),
  ),
  openTasks: z.array(z.object({ id: z.number(), title: z.string(), dueAt: timestamp.nullable(), assigneeName: z.string() })),
  revenue12m: money.describe('orders confirmed, shipped or completed in the last 12 months'),
});
export type Dossier = z.infer<typeof dossier>;
