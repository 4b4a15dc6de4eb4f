import type { AppContext } from '../app-context.js';
import type { App } from '../http/types.js';
import { accountTeamRoutes } from './account-team/account-team.routes.js';
import { activitiesRoutes } from './activities/activities.routes.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { companyRoutes } from './companies/companies.routes.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import { dealsRoutes } from './deals/deals.routes.js';
import { dossierRoutes } from './dossier/dossier.routes.js';
import { employeesRoutes } from './employees/employees.routes.js';
import { handoverRoutes } from './handover/handover.routes.js';
import { exportRequestsRoutes } from './export-control/export-control.routes.js';
import { importRoutes } from './import/import.routes.js';
import { ordersRoutes } from './orders/orders.routes.js';
import { policiesRoutes } from './policies/policies.routes.js';
import { productsRoutes } from './products/products.routes.js';
import { revealsRoutes } from './reveals/reveals.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { alertsRoutes } from './signals/signals.routes.js';
import { tasksRoutes } from './tasks/tasks.routes.js';

// Every feature's routes, registered once by the HTTP server.
export const featureRoutes: Array<(app: App, ctx: AppContext) => void> = [
  authRoutes,
  employeesRoutes,
  companyRoutes,
  contactsRoutes,
  accountTeamRoutes,
  productsRoutes,
  ordersRoutes,
  dealsRoutes,
  activitiesRoutes,
  tasksRoutes,
  searchRoutes,
  dossierRoutes,
  handoverRoutes,
  auditRoutes,
  policiesRoutes,
  revealsRoutes,
  alertsRoutes,
  exportRequestsRoutes,
  importRoutes,
  analyticsRoutes,
];
