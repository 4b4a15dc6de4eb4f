import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeEmployee } from '../../../test/factories.js';
import { useApp } from '../../../test/harness.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

// A fixed-offset zone where it is now about noon, so "today" has hours of margin either side
// whenever the suite runs. Etc/GMT-N means UTC+N (POSIX sign).
function noonZone(now: number): { tz: string; offsetHours: number } {
  const offsetHours = 12 - new Date(now).getUTCHours();
  const tz = offsetHours === 0 ? 'Etc/GMT' : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`;
  return { tz, offsetHours };
}
const startOfLocalDay = (now: number, offsetHours: number) => Math.floor((now + offsetHours * HOUR) / DAY) * DAY - offsetHours * HOUR;

describe('tasks due today, overdue, and my day', () => {
  const h = useApp();
  let me: { cookie: string };
  let meId: number;
  let otherId: number;
  const now = Date.now();
  const zone = noonZone(now);
  const ids: Record<string, number> = {};

  const insert = async (key: string, over: { dueAt: number | null; status?: string; assigneeId?: number; archived?: boolean }) => {
    const row = await h.ctx.db
      .insertInto('tasks')
      .values({
        title: key,
        due_at: over.dueAt === null ? null : new Date(over.dueAt),
        assignee_id: over.assigneeId ?? meId,
        created_by: meId,
        status: over.status ?? 'open',
        archived_at: over.archived ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  };
  const keys = async (url: string) => {
    const res = await h.app.inject({ method: 'GET', url, headers: me });
    expect(res.statusCode).toBe(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return res.json().items.map((t: { id: number }) => byId[t.id]);
  };

  beforeAll(async () => {
    const e = await makeEmployee(h.ctx.db);
    meId = e.id;
    otherId = (await makeEmployee(h.ctx.db)).id;
    me = await loginAs(h.app, e.email);
    await insert('yesterdayOpen', { dueAt: now - 30 * HOUR });
    await insert('yesterdayDone', { dueAt: now - 29 * HOUR, status: 'done' });
    await insert('todayPast', { dueAt: now - 2 * HOUR });
    await insert('todayDone', { dueAt: now - 1 * HOUR, status: 'done' });
    await insert('todayFuture', { dueAt: now + 2 * HOUR });
    await insert('tomorrow', { dueAt: now + 26 * HOUR });
    await insert('undated', { dueAt: null });
    await insert('undatedCancelled', { dueAt: null, status: 'cancelled' });
    await insert('archivedToday', { dueAt: now - 3 * HOUR, archived: true });
    await insert('othersToday', { dueAt: now - 90 * 60_000, assigneeId: otherId });
  });

  it('filters today by the calendar date in the given time zone, any status', async () => {
    expect(await keys(`/api/v1/tasks?assigneeId=${meId}&due=today&tz=${encodeURIComponent(zone.tz)}`)).toEqual(['todayPast', 'todayDone', 'todayFuture']);
  });

  it('calls only open tasks past their due time overdue', async () => {
    expect(await keys(`/api/v1/tasks?assigneeId=${meId}&due=overdue&tz=${encodeURIComponent(zone.tz)}`)).toEqual(['yesterdayOpen', 'todayPast']);
    expect(await keys(`/api/v1/tasks?assigneeId=${meId}&due=today_or_overdue&tz=${encodeURIComponent(zone.tz)}`)).toEqual(['yesterdayOpen', 'todayPast', 'todayDone', 'todayFuture']);
  });

  it('builds my day: my open tasks due by tonight, soonest first, then the undated ones', async () => {
    expect(await keys(`/api/v1/tasks/mine?tz=${encodeURIComponent(zone.tz)}`)).toEqual(['yesterdayOpen', 'todayPast', 'todayFuture', 'undated']);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/tasks/mine?tz=${encodeURIComponent(zone.tz)}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await h.app.inject({ method: 'GET', url, headers: me })).json();
      seen.push(...body.items.map((t: { id: number }) => t.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['yesterdayOpen', 'todayPast', 'todayFuture', 'undated'].map((k) => ids[k]));
  });

  it('sorts by due time with undated tasks last, and by creation or id on request', async () => {
    const status = `/api/v1/tasks?assigneeId=${meId}&status=open`;
    expect(await keys(status)).toEqual(['yesterdayOpen', 'todayPast', 'todayFuture', 'tomorrow', 'undated']);
    expect(await keys(`${status}&sort=id&dir=desc`)).toEqual(['undated', 'tomorrow', 'todayFuture', 'todayPast', 'yesterdayOpen']);
    expect(await keys(`${status}&sort=createdAt`)).toEqual(['yesterdayOpen', 'todayPast', 'todayFuture', 'tomorrow', 'undated']);
  });

  it('moves the day boundary with the time zone, and defaults to Moscow', async () => {
    const start = startOfLocalDay(now, zone.offsetHours);
    const eastTz = zone.offsetHours + 1 === 0 ? 'Etc/GMT' : zone.offsetHours + 1 > 0 ? `Etc/GMT-${zone.offsetHours + 1}` : `Etc/GMT+${-(zone.offsetHours + 1)}`;
    // 23:30 yesterday in the noon zone is 00:30 today one hour further east.
    await insert('lateYesterday', { dueAt: start - 30 * 60_000, assigneeId: otherId });
    const late = (tz: string) => keys(`/api/v1/tasks?assigneeId=${otherId}&due=today&tz=${encodeURIComponent(tz)}`);
    expect(await late(zone.tz)).toEqual(['othersToday']);
    expect(await late(eastTz)).toEqual(['lateYesterday', 'othersToday']);

    // Moscow has been UTC+3 all year since 2014.
    const moscowStart = startOfLocalDay(Date.now(), 3);
    const mskId = (await makeEmployee(h.ctx.db)).id;
    await insert('mskFirstSecond', { dueAt: moscowStart + 1000, assigneeId: mskId });
    await insert('mskLastSecond', { dueAt: moscowStart + DAY - 1000, assigneeId: mskId });
    await insert('mskBefore', { dueAt: moscowStart - 1000, assigneeId: mskId });
    await insert('mskAfter', { dueAt: moscowStart + DAY, assigneeId: mskId });
    expect(await keys(`/api/v1/tasks?assigneeId=${mskId}&due=today`)).toEqual(['mskFirstSecond', 'mskLastSecond']);
    expect(await keys(`/api/v1/tasks?assigneeId=${mskId}&due=today&tz=Europe/Moscow`)).toEqual(['mskFirstSecond', 'mskLastSecond']);
  });

  it.each([
    ['tz', 'tz=Mars/Olympus'],
    ['tz', 'tz=%2B03:00'],
    ['due', 'due=tomorrow'],
    ['sort', 'sort=title'],
    ['status', 'status=pending'],
  ])('rejects a bad %s with a 400 naming it', async (field, qs) => {
    for (const path of ['/api/v1/tasks', '/api/v1/tasks/mine']) {
      if (path.endsWith('mine') && field !== 'tz') continue;
      const res = await h.app.inject({ method: 'GET', url: `${path}?${qs}`, headers: me });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
