import { describe, expect, it } from 'vitest';
import { bearerToken } from './bearer-token.js';

describe('bearerToken', () => {
  it('should read the scheme name in any case and take exactly one token', () => {
    for (const header of ['Bearer abc.def', 'bearer abc.def', 'BEARER abc.def', 'bEaReR  abc.def']) expect(bearerToken(header), header).toBe('abc.def');
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Bearerx abc', 'Bearerabc', 'Bearer a b', 'Basic abc', 'abc', ' Bearer abc', 'Bearer\tabc'])
      expect(bearerToken(header), String(header)).toBeUndefined();
  });

  it('should take a bare token only where allowed, never the scheme name alone', () => {
    expect(bearerToken('abc.def', { bareAllowed: true })).toBe('abc.def');
    expect(bearerToken('bearer abc.def', { bareAllowed: true })).toBe('abc.def');
    for (const header of ['bearer', 'BEARER', 'a b', 'Bearer a b', '']) expect(bearerToken(header, { bareAllowed: true }), header).toBeUndefined();
  });
});
