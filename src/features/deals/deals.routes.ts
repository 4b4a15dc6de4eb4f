import type { AppContext } from '../../app-context.js';
import type { App } from '../../http/types.js';

export function dealsRoutes(_app: App, _ctx: AppContext) {}
