import { describe, expect, it } from 'vitest';
import { canonicalPolicyTerms } from './canonical-policy-terms.js';

const USE = { action: 'use' };
const canonical = (policy: Record<string, unknown>) => {
  const result = canonicalPolicyTerms(policy);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
};

describe('canonicalPolicyTerms', () => {
  it.each([
    ['odrl:prohibition', 'prohibition'],
    ['http://www.w3.org/ns/odrl/2/prohibition', 'prohibition'],
    ['odrl:obligation', 'obligation'],
    ['odrl:permission', 'permission'],
  ])('should spell the rule key %s as %s', (key, name) => {
    expect(canonical({ '@type': 'Set', [key]: [USE] })).toEqual({ '@type': 'Set', [name]: [USE] });
  });

  it('should spell ODRL keys inside rules and constraints by their bare names', () => {
    const policy = {
      permission: [{ 'odrl:action': 'use', 'odrl:constraint': [{ 'odrl:leftOperand': 'purpose', 'http://www.w3.org/ns/odrl/2/operator': 'eq', 'odrl:rightOperand': 'x' }] }],
    };
    expect(canonical(policy)).toEqual({ permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'x' }] }] });
  });

  it("should expand the policy's own prefixes in values and keys and drop their definitions", () => {
    const policy = {
      '@context': [{ k: 'https://w3id.org/kontor/purpose/', ex: 'https://example.org/' }],
      permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: { '@id': 'k:research' } }], 'ex:note': 'k:research' }],
    };
    expect(canonical(policy)).toEqual({
      permission: [
        {
          action: 'use',
          constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: { '@id': 'https://w3id.org/kontor/purpose/research' } }],
          'https://example.org/note': 'https://w3id.org/kontor/purpose/research',
        },
      ],
    });
  });

  it('should keep context URLs and prefixes defined as the engine reads them anyway', () => {
    const context = ['http://www.w3.org/ns/odrl.jsonld', { odrl: 'http://www.w3.org/ns/odrl/2/' }];
    const policy = { '@context': context, permission: [{ action: 'odrl:use' }] };
    expect(canonical(policy)).toEqual(policy);
  });

  it('should leave terms of the default prefixes, full IRIs, dates and text as written', () => {
    const rule = {
      action: 'use',
      constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }],
      note: '2026-01-01T00:00:00Z',
      'edc:x': 'https://a/b',
    };
    expect(canonical({ permission: [rule] })).toEqual({ permission: [rule] });
  });

  it('should refuse two keys of one object naming the same property, pointing at the second', () => {
    const result = canonicalPolicyTerms({ permission: [USE], 'odrl:permission': [USE] });
    expect(result).toEqual({ ok: false, problems: [{ pointer: '/odrl:permission', message: "names the same property as 'permission' in this object: write it once" }] });
  });
});
