import type { AppContext } from '../app-context.js';
import type { App } from '../http/types.js';
import { authRoutes } from './auth/auth.routes.js';
import { companyRoutes } from './companies/companies.routes.js';

// Every feature's routes, registered once by the HTTP server.
export const featureRoutes: Array<(app: App, ctx: AppContext) => void> = [authRoutes, companyRoutes];
