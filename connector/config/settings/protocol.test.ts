import { describe, expect, it } from 'vitest';
import { backoffMs, type RetryPolicy } from '../../statemachine/retry-policy.js';
import { PROTOCOL_SETTINGS } from './protocol.js';

const defaultOf = (key: string) => PROTOCOL_SETTINGS.find((s) => s.key === key)?.default as number;
const HOUR = 3_600_000;

// Review: webhook deliveries shared the protocol messages' retries (7 attempts from 1 s, capped at 60 s): a receiver
// down for about a minute lost its events for good.
describe('the webhook retry settings', () => {
  const policy = (random: () => number): RetryPolicy => ({
    limit: defaultOf('webhooks.retryLimit'),
    baseMs: defaultOf('webhooks.retryBaseMs'),
    capMs: defaultOf('webhooks.retryCapMs'),
    random,
  });
  /** From the first attempt to the last: the delays after every attempt but the last. */
  const span = (p: RetryPolicy) => Array.from({ length: p.limit - 1 }, (_, i) => backoffMs(p, i + 1)).reduce((a, b) => a + b, 0);

  it('should keep retrying for about a day by default, whatever the jitter, at most 15 min apart', () => {
    expect(span(policy(() => 0))).toBeGreaterThan(12 * HOUR);
    expect(span(policy(() => 0.999999))).toBeLessThan(36 * HOUR);
    expect(defaultOf('webhooks.retryCapMs')).toBe(15 * 60_000);
    expect(defaultOf('webhooks.retryBaseMs')).toBe(1000);
  });

  it('should be settings of their own, apart from the protocol messages’ stateMachine.retry*', () => {
    const keys = PROTOCOL_SETTINGS.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['webhooks.retryLimit', 'webhooks.retryBaseMs', 'webhooks.retryCapMs', 'stateMachine.retryLimit', 'stateMachine.retryBaseMs']));
  });
});
