import type { AppContext } from '../../app-context.js';
import { invalidField } from '../../domain/errors.js';
import {
  addDays,
  BASELINE_DAYS,
  dateIn,
  DROP_WINDOW_DAYS,
  type EmployeeDay,
  scoreEmployeeDay,
  type Signal,
  type SignalMetric,
  SPIKE_METRICS,
  type SpikeMetric,
  summarise,
} from '../../domain/signals.js';
import { appendAudit } from '../audit/audit.service.js';
import { insertTask } from '../tasks/tasks.repository.js';
import { raiseAlert, recentAlertMetrics } from './alerts.repository.js';
import * as repo from './signals.repository.js';
import type { SignalsRunResult } from './signals.schema.js';

export const DEPARTURE_ALERT = 'departure_signals';

/** The day a run evaluates by default: yesterday in the company's time zone (a complete day). */
export const defaultSignalsDay = (timeZone: string, now = new Date()) => addDays(dateIn(timeZone, now), -1);

type Loaded = {
  daily: Map<number, Map<string, repo.DailyCounts>>;
  activities: Map<number, repo.ActivityCounts>;
  orders: Map<number, repo.ActivityCounts>;
};

function employeeDay(loaded: Loaded, employeeId: number, day: string): EmployeeDay {
  const byDay = loaded.daily.get(employeeId);
  const spikes = {} as EmployeeDay['spikes'];
  for (const metric of SPIKE_METRICS) {
    const on = (d: string) => Number(byDay?.get(d)?.[metric] ?? 0);
    // Days with no entries are zeros: a quiet day is part of what is normal.
    const history = Array.from({ length: BASELINE_DAYS }, (_, i) => on(addDays(day, i - BASELINE_DAYS)));
    spikes[metric as SpikeMetric] = { value: on(day), history };
  }
  const a = loaded.activities.get(employeeId);
  const o = loaded.orders.get(employeeId);
  return {
    spikes,
    drop: { activities: Number(a?.in_window ?? 0), baselineActivities: Number(a?.in_baseline ?? 0), orders: Number(o?.in_window ?? 0), baselineOrders: Number(o?.in_baseline ?? 0) },
  };
}

/**
 * The daily departure-signal job: scores every active employee's day against their own previous
 * 30 days, raises one alert per flagged employee and day, and hands it to the directors and heads
 * of sales as a review task. Safe to run twice for the same day: the second run creates nothing.
 */
export async function runSignals(ctx: AppContext, options: { day?: string | undefined } = {}): Promise<SignalsRunResult> {
  const timeZone = ctx.config.timeZone;
  const day = options.day ?? defaultSignalsDay(timeZone);
  if (day > dateIn(timeZone, new Date())) throw invalidField('date', 'must not be in the future');
  const windowFrom = addDays(day, -(DROP_WINDOW_DAYS - 1));
  const baselineFrom = addDays(windowFrom, -BASELINE_DAYS);

  const employees = await repo.activeEmployees(ctx.db);
  const daily = new Map<number, Map<string, repo.DailyCounts>>();
  for (const row of await repo.dailyAuditCounts(ctx.db, { fromDay: addDays(day, -BASELINE_DAYS), toDay: day, timeZone })) {
    if (!daily.has(row.employee_id)) daily.set(row.employee_id, new Map());
    daily.get(row.employee_id)!.set(row.day, row);
  }
  const byEmployee = (rows: repo.ActivityCounts[]) => new Map(rows.map((r) => [r.employee_id, r]));
  const loaded: Loaded = {
    daily,
    activities: byEmployee(await repo.activityCounts(ctx.db, { baselineFrom, windowFrom, toDay: day, timeZone })),
    orders: byEmployee(await repo.clientOrderCounts(ctx.db, { baselineFrom, windowFrom, toDay: day })),
  };
  // A slow drop in logged interactions stays true for days; report it once a week, not daily.
  const recentDrops = new Set<number>();
  for (const r of await recentAlertMetrics(ctx.db, { kind: DEPARTURE_ALERT, fromDay: addDays(day, -(DROP_WINDOW_DAYS - 1)), beforeDay: day })) {
    const signals = (r.evidence as { signals?: Array<{ metric?: string }> } | null)?.signals ?? [];
    if (signals.some((s) => s.metric === 'interaction_drop')) recentDrops.add(r.employee_id);
  }

  const alerts: SignalsRunResult['alerts'] = [];
  for (const employee of employees) {
    const skip = new Set<SignalMetric>(recentDrops.has(employee.id) ? ['interaction_drop'] : []);
    const signals = scoreEmployeeDay(employeeDay(loaded, employee.id, day), { skip });
    if (!signals.length) continue;
    const created = await raiseDepartureAlert(ctx, { employee, day, signals });
    if (created) alerts.push(created);
  }
  return { day, employeesChecked: employees.length, alerts };
}

async function raiseDepartureAlert(ctx: AppContext, { employee, day, signals }: { employee: { id: number; name: string; role: string }; day: string; signals: Signal[] }) {
  const summary = summarise(employee.name, signals);
  return ctx.db.transaction().execute(async (trx) => {
    const evidence = { day, employee: { id: employee.id, name: employee.name, role: employee.role }, summary, signals };
    const alert = await raiseAlert(trx, { kind: DEPARTURE_ALERT, employeeId: employee.id, day, evidence });
    if (!alert) return null;
    const taskIds: number[] = [];
    for (const r of await repo.alertRecipients(trx, { subjectId: employee.id })) {
      // A task in the team's working language, like every task the system writes for people.
      const title = `Проверить оповещение безопасности №${alert.id}: признаки ухода сотрудника ${employee.name} за ${day}`.slice(0, 300);
      taskIds.push((await insertTask(trx, { values: { title, assignee_id: r.id, origin: 'rule', due_at: new Date() } })).id);
    }
    await trx.updateTable('security_alerts').set({ task_ids: taskIds }).where('id', '=', alert.id).execute();
    await appendAudit(trx, {
      actorId: null,
      action: 'security.alert',
      entity: 'security_alert',
      entityId: alert.id,
      details: { kind: DEPARTURE_ALERT, employeeId: employee.id, day, metrics: signals.map((s) => s.metric) },
    });
    return { id: alert.id, employeeId: employee.id, employeeName: employee.name, summary };
  });
}
