import type { AppContext } from '../app-context.js';
import type { BacktestReport } from '../features/analytics/analytics.schema.js';
import { formatBacktest } from '../features/analytics/backtest.format.js';
import { runBacktest } from '../features/analytics/churn.service.js';

/** `holdfast backtest --as-of D [--horizon N]`: the churn warning judged on the company's own history. */
export async function runBacktestCommand(ctx: AppContext, opts: { asOf: string; horizon: number }): Promise<{ report: BacktestReport; text: string }> {
  const report = await runBacktest(ctx, { asOf: opts.asOf, horizonMonths: opts.horizon });
  return { report, text: formatBacktest(report) };
}
