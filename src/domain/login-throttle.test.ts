import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, delaySeconds, stricter, throttle } from './login-throttle.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s));

describe('login throttle', () => {
  it('lets the first failures through, then doubles the wait, then locks for 15 minutes', () => {
    expect([0, 4, 5, 6, 7, 9, 10, 20].map((n) => delaySeconds(ACCOUNT_RULE, n))).toEqual([0, 0, 2, 4, 8, 32, 900, 900]);
  });

  it('blocks an attempt that comes before the wait is over, and says how long is left', () => {
    const state = { failures: 6, lastFailureAt: at(0) };
    expect(throttle(ACCOUNT_RULE, state, at(1))).toEqual({ allowed: false, locked: false, retryAfterSeconds: 3 });
    expect(throttle(ACCOUNT_RULE, state, at(4))).toEqual({ allowed: true });
    expect(throttle(ACCOUNT_RULE, { failures: 4, lastFailureAt: at(0) }, at(0))).toEqual({ allowed: true });
  });

  it('locks after ten failures until fifteen minutes after the last one', () => {
    const state = { failures: 10, lastFailureAt: at(0) };
    expect(throttle(ACCOUNT_RULE, state, at(60))).toEqual({ allowed: false, locked: true, retryAfterSeconds: 840 });
    expect(throttle(ACCOUNT_RULE, state, at(900))).toEqual({ allowed: true });
  });

  it('takes the stricter of the account and address verdicts', () => {
    expect(stricter({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
    expect(stricter({ allowed: false, locked: false, retryAfterSeconds: 4 }, { allowed: false, locked: true, retryAfterSeconds: 800 })).toEqual({
      allowed: false,
      locked: true,
      retryAfterSeconds: 800,
    });
    expect(stricter({ allowed: true }, { allowed: false, locked: false, retryAfterSeconds: 2 })).toMatchObject({ retryAfterSeconds: 2 });
  });
});
