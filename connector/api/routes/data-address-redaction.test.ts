import { describe, expect, it } from 'vitest';
import { keepRedacted, REDACTED, redactDataAddress } from './data-address-redaction.js';

const stored = {
  type: 'HttpData',
  baseUrl: 'https://b.example/api?sig=abc%2Bdef&se=2030&flag&sig=second#frag',
  authorization: 'Bearer s3cret',
  'header:X-Key': 'k',
  proxyPath: 'true',
};

describe('data addresses as the management APIs show them', () => {
  it("should redact each value of baseUrl's query, keeping the names, as it redacts secrets and header values", () => {
    expect(redactDataAddress(stored)).toEqual({
      type: 'HttpData',
      baseUrl: `https://b.example/api?sig=${REDACTED}&se=${REDACTED}&flag&sig=${REDACTED}#frag`,
      authorization: REDACTED,
      'header:X-Key': REDACTED,
      proxyPath: 'true',
    });
    expect(redactDataAddress({ type: 'HttpData', baseUrl: 'https://b.example/api' }).baseUrl).toBe('https://b.example/api');
    expect(redactDataAddress({ type: 'File', path: 'a?b=c' }).path).toBe('a?b=c');
  });

  it('should keep the stored values a replace sends back redacted, and take real ones as sent', () => {
    expect(keepRedacted(redactDataAddress(stored), stored)).toEqual(stored);
    const moved = { ...redactDataAddress(stored), baseUrl: `https://c.example/v2?se=%3Credacted%3E&sig=${REDACTED}&new=1` };
    expect(keepRedacted(moved, stored).baseUrl).toBe('https://c.example/v2?se=2030&sig=abc%2Bdef&new=1');
    const real = { ...stored, baseUrl: 'https://b.example/api?sig=fresh' };
    expect(keepRedacted(real, stored)).toEqual(real);
  });

  it('should refuse a redacted query value with no stored value to keep, naming /dataAddress/baseUrl', () => {
    const sent = { type: 'HttpData', baseUrl: `https://b.example/api?key=${REDACTED}` };
    expect(() => keepRedacted(sent, stored)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', violations: [expect.objectContaining({ pointer: '/dataAddress/baseUrl' })] }),
    );
    expect(() => keepRedacted(sent, { type: 'HttpData' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
