import type { AppContext } from '../app-context.js';
import { analyticsRefreshJob } from '../features/analytics/refresh.service.js';
import { runDueHandoverActions } from '../features/handover/handover-due.service.js';
import { pruneAttempts } from '../features/login-guard/login-guard.repository.js';
import { defaultSignalsDay, runSignals } from '../features/signals/signals.service.js';
import { dateIn } from '../domain/signals.js';
import { isoDate } from '../features/shared/common.schema.js';
import { enqueueJob, enqueueRepeating } from './jobs.repository.js';
import { type JobHandlers, startWorker, type Worker } from './worker.js';

export const SIGNALS_JOB = 'signals.daily';
export const PRUNE_LOGINS_JOB = 'login_attempts.prune';
export const HANDOVER_JOB = 'handover.due';
export const ANALYTICS_JOB = 'analytics.refresh';
// How often the worker brings the analytics read models up to date (an index probe when nothing changed).
export const ANALYTICS_EVERY_SECONDS = 60;

// Every job kind the worker knows.
export const JOB_HANDLERS: JobHandlers = {
  [SIGNALS_JOB]: (ctx, payload) => runSignals(ctx, { day: isoDate.parse((payload as { day?: unknown } | null)?.day) }),
  // Throttling looks back 15 minutes; a day of login attempts is plenty to keep.
  [PRUNE_LOGINS_JOB]: (ctx) => pruneAttempts(ctx.db, { before: new Date(Date.now() - 86_400_000) }),
  [HANDOVER_JOB]: (ctx, payload) => runDueHandoverActions(ctx, isoDate.parse((payload as { day?: unknown } | null)?.day)),
  [ANALYTICS_JOB]: (ctx) => analyticsRefreshJob(ctx),
};

/** Keeps recurring jobs queued. Keyed by day: however often the worker polls or restarts, yesterday's run is queued once. */
export async function scheduleRecurring(ctx: AppContext, now: Date) {
  const day = defaultSignalsDay(ctx.config.timeZone, now);
  await enqueueJob(ctx.db, { kind: SIGNALS_JOB, key: `${SIGNALS_JOB}:${day}`, payload: { day } });
  await enqueueJob(ctx.db, { kind: PRUNE_LOGINS_JOB, key: `${PRUNE_LOGINS_JOB}:${day}` });
  // Handovers: access ends after the last day, absences start and return, once per calendar day.
  const today = dateIn(ctx.config.timeZone, now);
  await enqueueJob(ctx.db, { kind: HANDOVER_JOB, key: `${HANDOVER_JOB}:${today}`, payload: { day: today } });
  // Analytics: orders, seats and activities written since the last run are folded into the rollup and
  // snapshot here, and a new day's snapshot is built here, so dashboard reads find nothing to do.
  await enqueueRepeating(ctx.db, { kind: ANALYTICS_JOB, key: ANALYTICS_JOB, everySeconds: ANALYTICS_EVERY_SECONDS });
}

/** The worker `holdfast serve` runs beside the HTTP server. */
export const startJobWorker = (ctx: AppContext, options: { log?: (m: string) => void; pollMs?: number } = {}): Worker =>
  startWorker(ctx, { handlers: JOB_HANDLERS, schedule: scheduleRecurring, ...options });
