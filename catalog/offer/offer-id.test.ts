import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offerId, parseOfferId } from './offer-id.js';
import { policyContentHash, stableJson } from './policy-content-hash.js';

const hash = policyContentHash({ permission: [{ action: 'use' }] });

describe('offer ids', () => {
  it('should round-trip any non-empty ids, including ones with colons, slashes and unicode', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (definitionId, assetId) => {
        const id = offerId({ definitionId, assetId, policyHash: hash });
        expect(id).toMatch(/^urn:kontor:offer:[A-Za-z0-9%._~-]+:[A-Za-z0-9%._~-]+:[0-9a-f]{16}$/);
        expect(parseOfferId(id)).toEqual({ definitionId, assetId, policyHash: hash });
      }),
    );
  });

  it('should be stable and readable', () => {
    expect(offerId({ definitionId: 'def-1', assetId: 'urn:asset:1', policyHash: hash })).toBe(`urn:kontor:offer:def-1:urn%3Aasset%3A1:${hash}`);
  });

  it.each([
    'urn:uuid:3afeadd8-ed2d-569e-d634-8394a8836d57',
    `urn:kontor:offer:def:asset`,
    `urn:kontor:offer:def:asset:extra:${hash}`,
    `urn:kontor:offer::asset:${hash}`,
    'urn:kontor:offer:def:asset:ABCDEF0123456789',
    `urn:kontor:offer:def:%E0%A4%A:${hash}`,
    `urn:kontor:offer:d%65f:asset:${hash}`,
  ])('should not parse %s', (id) => {
    expect(parseOfferId(id)).toBeUndefined();
  });

  it('should refuse to build ids from empty parts or a bad hash', () => {
    expect(() => offerId({ definitionId: '', assetId: 'a', policyHash: hash })).toThrow();
    expect(() => offerId({ definitionId: 'd', assetId: 'a', policyHash: 'xyz' })).toThrow();
  });
});

describe('policy content hash', () => {
  it('should ignore key order but not content', () => {
    const a = { permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: 1 }] }], '@type': 'Set' };
    const b = { '@type': 'Set', permission: [{ constraint: [{ rightOperand: 1, operator: 'eq', leftOperand: 'x' }], action: 'use' }] };
    expect(policyContentHash(a)).toBe(policyContentHash(b));
    expect(policyContentHash(a)).not.toBe(policyContentHash({ ...a, '@type': 'Offer' }));
    expect(policyContentHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('should write sorted, compact JSON', () => {
    expect(stableJson({ b: [1, { d: null, c: 'x' }], a: true, u: undefined })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
  });
});
