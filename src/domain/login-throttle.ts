// Login throttling: after a few failures each further attempt must wait longer (slowed), and after
// many the key is locked for a while (blocked). Keys are the account (email) and the address.

export type ThrottleRule = {
  /** Failures after which each attempt must wait. */
  slowAfter: number;
  /** Failures after which the key is locked for `lockSeconds`. */
  lockAfter: number;
  /** The first wait; it doubles with each further failure, up to `maxDelaySeconds`. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  lockSeconds: number;
  /** Failures older than this are forgotten. */
  windowSeconds: number;
};

export const ACCOUNT_RULE: ThrottleRule = { slowAfter: 5, lockAfter: 10, baseDelaySeconds: 2, maxDelaySeconds: 60, lockSeconds: 900, windowSeconds: 900 };
// An office behind one NAT shares an address: looser than per account, still stops password spraying.
export const ADDRESS_RULE: ThrottleRule = { slowAfter: 10, lockAfter: 30, baseDelaySeconds: 2, maxDelaySeconds: 60, lockSeconds: 900, windowSeconds: 900 };

/** Recent failures of one key (since its last success, within the window) and when the last one was. */
export type ThrottleState = { failures: number; lastFailureAt: Date | null };

export type ThrottleVerdict = { allowed: true } | { allowed: false; locked: boolean; retryAfterSeconds: number };

export function delaySeconds(rule: ThrottleRule, failures: number): number {
  if (failures >= rule.lockAfter) return rule.lockSeconds;
  if (failures < rule.slowAfter) return 0;
  return Math.min(rule.baseDelaySeconds * 2 ** (failures - rule.slowAfter), rule.maxDelaySeconds);
}

export function throttle(rule: ThrottleRule, state: ThrottleState, now: Date): ThrottleVerdict {
  const wait = delaySeconds(rule, state.failures);
  if (!wait || !state.lastFailureAt) return { allowed: true };
  const remainingMs = state.lastFailureAt.getTime() + wait * 1000 - now.getTime();
  if (remainingMs <= 0) return { allowed: true };
  return { allowed: false, locked: state.failures >= rule.lockAfter, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
}

/** The stricter of several verdicts (account and address): blocked by either, waiting the longer. */
export function stricter(...verdicts: ThrottleVerdict[]): ThrottleVerdict {
  let worst: ThrottleVerdict = { allowed: true };
  for (const v of verdicts) {
    if (v.allowed) continue;
    if (worst.allowed || v.retryAfterSeconds > worst.retryAfterSeconds) worst = { ...v, locked: v.locked || (!worst.allowed && worst.locked) };
  }
  return worst;
}
