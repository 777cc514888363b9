import { describe, expect, it } from 'vitest';
import { toOdrlOffer } from './odrl-offer.js';

describe('toOdrlOffer', () => {
  it('should turn compact ODRL into the DSP 2025-1 offer shape', () => {
    const policy = {
      '@context': { 'cx-policy': 'https://w3id.org/catenax/policy/' },
      '@type': 'Set',
      '@id': 'urn:policy:1',
      target: 'urn:asset:x',
      permission: {
        action: { '@id': 'odrl:use' },
        target: 'urn:asset:x',
        constraint: { and: [{ leftOperand: 'cx-policy:Membership', operator: 'odrl:eq', rightOperand: 'active' }, { leftOperand: 'count', operator: 'lteq', rightOperand: 3 }] },
        duty: { action: 'delete' },
      },
      prohibition: [{ action: 'distribute' }],
    };
    expect(toOdrlOffer(policy, 'urn:offer:1', 'did:web:p')).toEqual({
      ok: true,
      offer: {
        '@id': 'urn:offer:1',
        '@type': 'Offer',
        assigner: 'did:web:p',
        permission: [{
          action: 'use',
          constraint: [{ and: [
            { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' },
            { leftOperand: 'count', operator: 'lteq', rightOperand: { '@value': 3 } },
          ] }],
          duty: [{ action: 'delete' }],
        }],
        prohibition: [{ action: 'distribute' }],
      },
    });
  });

  it.each([
    [{ obligation: [{ action: 'pay' }] }, /neither a permission nor a prohibition/],
    [{ permission: [] }, /neither/],
    [{ permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'odrl:isGreaterThan', rightOperand: '1' }] }] }, /not a DSP 2025-1 operator/],
    [{ permission: [{ constraint: [] }] }, /action must be a term/],
    [{ permission: [{ action: 'use', constraint: [{ and: [], or: [] }] }] }, /mixes logical operators/],
    [{ permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq' }] }] }, /rightOperand is missing/],
  ])('should report %j as not expressible', (policy, problem) => {
    const result = toOdrlOffer(policy, 'urn:offer:1', 'did:web:p');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});
