import { describe, expect, it } from 'vitest';
import { fetchFailure } from './fetch-failure.js';

const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

describe('fetchFailure', () => {
  it("should say undici's reason from the cause, not 'fetch failed'", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:18999'), { code: 'ECONNREFUSED' });
    expect(fetchFailure(fetchFailed(refused))).toBe('connect ECONNREFUSED 127.0.0.1:18999');
    const untrusted = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(fetchFailure(fetchFailed(untrusted))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate');
    // Both address families refused: an AggregateError with a code and no message.
    expect(fetchFailure(fetchFailed(Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' })))).toBe('ECONNREFUSED');
  });

  it('should say a timeout is one, and keep any other error as it is', () => {
    expect(fetchFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('no answer in time (timeout)');
    expect(fetchFailure(new SyntaxError('Unexpected token < in JSON'))).toBe('Unexpected token < in JSON');
    expect(fetchFailure(new TypeError('fetch failed'))).toBe('fetch failed');
  });
});
