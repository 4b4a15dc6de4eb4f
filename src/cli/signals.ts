import type { AppContext } from '../app-context.js';
import { isoDate } from '../features/shared/common.schema.js';
import { runSignals } from '../features/signals/signals.service.js';

/** `holdfast signals run`: the daily departure-signal job, by hand (re-running a day creates nothing new). */
export async function runSignalsCommand(ctx: AppContext, opts: { date?: string }): Promise<string[]> {
  const parsed = opts.date === undefined ? undefined : isoDate.safeParse(opts.date);
  if (parsed && !parsed.success) throw new Error(`--date must be YYYY-MM-DD, got "${opts.date}"`);
  const result = await runSignals(ctx, { day: parsed?.data });
  const lines = [`Departure signals for ${result.day}: ${result.employeesChecked} employees checked, ${result.alerts.length} new alert(s)`];
  for (const a of result.alerts) lines.push(`  #${a.id} ${a.summary}`);
  return lines;
}
