import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `probe` until it returns something other than undefined (a condition on real connectors' state that an
 * asynchronous step makes true), then returns it; fails with `what` after `attempts` polls. Polling for a state,
 * never waiting a fixed time as the synchronisation itself.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, attempts = 300, pauseMs = 50): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await delay(pauseMs);
  }
  throw new Error(`gave up waiting: ${what}`);
}
