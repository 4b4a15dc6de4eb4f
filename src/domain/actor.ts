export const ROLES = [
  'director',
  'head_of_sales',
  'account_manager',
  'key_account_manager',
  'hunter',
  'call_centre',
  'customer_service',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const EMPLOYEE_STATUSES = ['active', 'on_leave', 'departing', 'departed'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

/** The authenticated employee a request or CLI command acts as. */
export type Actor = { id: number; name: string; email: string; role: Role };

const MANAGEMENT: readonly Role[] = ['director', 'head_of_sales', 'admin'];

// Until the access-policy issue lands: management sees every client, others their account team's.
export const seesAllClients = (actor: Actor) => MANAGEMENT.includes(actor.role);

/** Who may change the company's reference data: employees, classifier, pipeline stages. */
export const isManagement = (actor: Actor) => MANAGEMENT.includes(actor.role);
