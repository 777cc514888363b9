import { describe, expect, it } from 'vitest';
import { policyFrame } from './policy-frame.js';

const FL = 'https://w3id.org/kontor/fl/';
const CX = 'https://w3id.org/catenax/policy/profile2405';
const PROHIBIT = 'http://www.w3.org/ns/odrl/2/prohibit';

describe('policyFrame', () => {
  it('is empty for a policy with neither profile nor conflict', () => {
    expect(policyFrame({ permission: [{ action: 'use' }] })).toEqual({});
    expect(policyFrame({ permission: [{ action: 'use' }], profile: [] })).toEqual({});
  });

  it.each<[string, unknown, string[]]>([
    ['a full IRI', FL, [FL]],
    ['a prefixed name', 'fl:', [FL]],
    ['an {"@id"} object', { '@id': 'cx-policy:profile2405' }, [CX]],
    ['a list in any order, each once', [FL, CX, 'fl:'], [CX, FL]],
    ['a JSON-LD @set', { '@set': [CX] }, [CX]],
    ['a bare name, as written', 'strict', ['strict']],
  ])('reads a profile given as %s', (_case, profile, expected) => {
    expect(policyFrame({ profile })).toEqual({ profile: expected });
  });

  it('reads the conflict strategy as an ODRL term', () => {
    for (const conflict of ['prohibit', 'odrl:prohibit', PROHIBIT, { '@id': 'prohibit' }, ['prohibit']]) expect(policyFrame({ conflict })).toEqual({ conflict: PROHIBIT });
    expect(policyFrame({ conflict: 'perm' })).toEqual({ conflict: 'http://www.w3.org/ns/odrl/2/perm' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a profile that is a number', { profile: 7 }],
    ['a profile list with an object that is no term', { profile: [FL, { title: 'x' }] }],
    ['an empty profile', { profile: ' ' }],
    ['two conflict strategies', { conflict: ['prohibit', 'perm'] }],
    ['a conflict that is no term', { conflict: true }],
  ])('is undefined (nothing is the same as it) for %s', (_case, policy) => {
    expect(policyFrame(policy)).toBeUndefined();
  });
});
