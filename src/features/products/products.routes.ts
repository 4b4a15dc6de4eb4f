import type { AppContext } from '../../app-context.js';
import type { App } from '../../http/types.js';

export function productsRoutes(_app: App, _ctx: AppContext) {}
