import type { AppContext } from '../../app-context.js';
import type { App } from '../../http/types.js';

export function employeesRoutes(_app: App, _ctx: AppContext) {}
