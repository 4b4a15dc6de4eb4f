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

/** Which clients a role sees: own = current account-team seat; team = own plus those of employees they manage; all. */
export const CLIENT_SCOPES = ['own', 'team', 'all'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

/** A role's access policy (table role_policies), configured by an admin and loaded with the actor. */
export type RolePolicy = {
  clientScope: ClientScope;
  maskPhones: boolean;
  maskEmails: boolean;
  revealDailyLimit: number;
  exportAllowed: boolean;
  /** null: no limit */
  exportRowLimit: number | null;
  /** null: no approval needed */
  exportApprovalAbove: number | null;
};

// Used only if a role has no policy row: the narrowest access, so a missing row never opens the base.
export const FALLBACK_POLICY: RolePolicy = {
  clientScope: 'own',
  maskPhones: true,
  maskEmails: true,
  revealDailyLimit: 0,
  exportAllowed: false,
  exportRowLimit: 0,
  exportApprovalAbove: null,
};

/** The authenticated employee a request or CLI command acts as. */
export type Actor = { id: number; name: string; email: string; role: Role; policy: RolePolicy };

const MANAGEMENT: readonly Role[] = ['director', 'head_of_sales', 'admin'];

export const seesAllClients = (actor: Actor) => actor.policy.clientScope === 'all';

/** Who may change the company's reference data: employees, classifier, pipeline stages. */
export const isManagement = (actor: Actor) => MANAGEMENT.includes(actor.role);
