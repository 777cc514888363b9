import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.js';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1, 10, 0, 0);
  it('should read delay-seconds and an HTTP date (a past date: no wait)', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Thu, 01 Jan 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('should ignore what it does not understand', () => {
    for (const value of [null, undefined, '', '-5', '1.5', 'soon', '12abc']) expect(retryAfterMs(value, now), String(value)).toBeUndefined();
  });
});
