/** Exponential back-off with a cap and full jitter, and a limit after which the failure is final. */
export interface RetryPolicy {
  /** Attempts allowed in one state before the failure becomes final. */
  limit: number;
  baseMs: number;
  capMs: number;
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 7, baseMs: 1000, capMs: 60_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const random = policy.random ?? Math.random;
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export function retriesExhausted(policy: RetryPolicy, stateCount: number): boolean {
  return stateCount >= policy.limit;
}
