import { describe, expect, it } from 'vitest';
import { backoffMs, retriesExhausted } from './retry-policy.js';

describe('backoffMs', () => {
  const policy = { limit: 3, baseMs: 100, capMs: 1000 };
  it.each([
    [1, 0, 50],
    [1, 0.999, 100],
    [2, 0, 100],
    [3, 0.5, 300],
    [10, 0, 500],
    [10, 0.999, 1000],
  ])('should give attempt %i with random %f a delay of about %i ms', (attempt, r, expected) => {
    expect(backoffMs({ ...policy, random: () => r }, attempt)).toBe(expected);
  });

  it('should declare retries exhausted at the limit', () => {
    expect(retriesExhausted(policy, 2)).toBe(false);
    expect(retriesExhausted(policy, 3)).toBe(true);
  });
});
