import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';

/** The one place for the state-machine loops' defaults (negotiations, transfers, webhooks, trainings). */
export const LOOP_DEFAULTS = { retry: DEFAULT_RETRY, idleWaitMs: 2000, leaseMs: 10_000, batchSize: 20 } as const;

/** Back-off never waits longer than this between two attempts. */
export const RETRY_CAP_MS = 60_000;

/** The retry policy from the `stateMachine.*` settings. */
export function retryFromSettings(s: { retryLimit: number; retryBaseMs: number }): RetryPolicy {
  return { limit: s.retryLimit, baseMs: s.retryBaseMs, capMs: RETRY_CAP_MS };
}
