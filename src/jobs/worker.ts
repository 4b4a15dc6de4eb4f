import type { AppContext } from '../app-context.js';
import * as repo from './jobs.repository.js';

export type JobHandler = (ctx: AppContext, payload: unknown) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

export type WorkerOptions = {
  handlers: JobHandlers;
  /** Called before each poll; enqueues recurring jobs (idempotently, by key). */
  schedule?: (ctx: AppContext, now: Date) => Promise<void>;
  pollMs?: number;
  staleAfterSeconds?: number;
  log?: (message: string) => void;
};

export type Worker = { stop: () => Promise<void>; runOnce: () => Promise<boolean> };

// Failed attempts back off 1, 4, 9... minutes, so a broken job does not spin.
const retryDelayMs = (attempt: number) => attempt * attempt * 60_000;

/** Claims and runs one due job; false when nothing was due. */
export async function runNextJob(ctx: AppContext, options: Pick<WorkerOptions, 'handlers' | 'staleAfterSeconds' | 'log'>): Promise<boolean> {
  const job = await repo.claimNextJob(ctx.db, { staleAfterSeconds: options.staleAfterSeconds ?? 900 });
  if (!job) return false;
  const handler = options.handlers[job.kind];
  try {
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    await handler(ctx, job.payload);
    await repo.completeJob(ctx.db, { id: job.id });
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const retryAt = job.attempts < job.max_attempts ? new Date(Date.now() + retryDelayMs(job.attempts)) : null;
    await repo.failJob(ctx.db, { id: job.id, error, retryAt });
    options.log?.(`job ${job.id} (${job.kind}) failed on attempt ${job.attempts}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return true;
}

/** Polls the jobs table until stopped; `stop` waits for the job in hand to finish. */
export function startWorker(ctx: AppContext, options: WorkerOptions): Worker {
  const pollMs = options.pollMs ?? 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const tick = async () => {
    if (options.schedule) await options.schedule(ctx, new Date());
    // Drain what is due, then sleep until the next poll.
    while (!stopped && (await runNextJob(ctx, options)));
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await tick();
      } catch (err) {
        options.log?.(`job worker: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
        timer.unref();
      });
    }
  })();

  return {
    runOnce: () => runNextJob(ctx, options),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
