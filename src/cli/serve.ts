import type { AppContext } from '../app-context.js';
import { buildApp } from '../http/server.js';
import { startJobWorker } from '../jobs/registry.js';
import { describeDatabase } from './context.js';

export async function serve(ctx: AppContext): Promise<string> {
  const app = await buildApp(ctx, { logger: process.env.HOLDFAST_LOG !== 'false' });
  // The job worker (daily departure signals) shares the server's database and lifetime.
  const worker = startJobWorker(ctx, { log: (m) => app.log.error(m) });
  const close = async () => {
    await worker.stop();
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  const url = `http://localhost:${ctx.config.port}`;
  console.log(`Holdfast is running at ${url} (API docs ${url}/api/docs) on ${describeDatabase(ctx)}`);
  return url;
}
