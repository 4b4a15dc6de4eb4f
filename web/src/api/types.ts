// The web app's view of the API: every type comes from the API's own zod schemas, never retyped.
// Responses are the schemas' output types; request bodies their input types (defaults optional).
import type { z } from 'zod';
import type { activityCreate } from '../../../src/features/activities/activities.schema';
import type { companyCreate, companyListQuery, companyUpdate } from '../../../src/features/companies/companies.schema';
import type { contactCreate, contactUpdate } from '../../../src/features/contacts/contacts.schema';
import type { dealUpdate } from '../../../src/features/deals/deals.schema';
import type { employeeListQuery } from '../../../src/features/employees/employees.schema';
import type { page } from '../../../src/features/shared/common.schema';
import type { taskCreate } from '../../../src/features/tasks/tasks.schema';

export type { Me } from '../../../src/features/auth/auth.schema';
export type { Company } from '../../../src/features/companies/companies.schema';
export type { Employee, EmployeeDetail } from '../../../src/features/employees/employees.schema';
export type { Contact } from '../../../src/features/contacts/contacts.schema';
export type { Seat, SeatRole } from '../../../src/features/account-team/account-team.schema';
export type { OrderSummary, MonthlyTotals } from '../../../src/features/orders/orders.schema';
export type { Activity } from '../../../src/features/activities/activities.schema';
export type { Deal, Board, StageChange } from '../../../src/features/deals/deals.schema';
export type { Stage } from '../../../src/features/deals/pipeline-stages.schema';
export type { Task } from '../../../src/features/tasks/tasks.schema';
export type { RevealResult, RevealField } from '../../../src/features/reveals/reveals.schema';
export type { Role, EmployeeStatus } from '../../../src/domain/actor';

export type CompanyInput = z.input<typeof companyCreate>;
export type CompanyPatch = z.input<typeof companyUpdate>;
export type CompanyListQuery = z.input<typeof companyListQuery>;
export type EmployeeListQuery = z.input<typeof employeeListQuery>;
export type ContactInput = z.input<typeof contactCreate>;
export type ContactPatch = z.input<typeof contactUpdate>;
export type ActivityInput = z.input<typeof activityCreate>;
export type DealPatch = z.input<typeof dealUpdate>;
export type TaskInput = z.input<typeof taskCreate>;

/** A cursor page `{ items, nextCursor }` as every list endpoint answers it. */
export type Page<T> = z.infer<ReturnType<typeof page<z.ZodType<T>>>>;
export type { Handover, HandoverSummary, HandoverItem, ExecutionResult, DepartureCreate, AbsenceCreate, FollowUp, HandoverMessage, HunterHandoverCreate } from '../../../src/features/handover/handover.schema';
export type { UploadedFile, ImportJob } from '../../../src/features/import/import.schema';
