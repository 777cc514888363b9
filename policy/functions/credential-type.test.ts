import { describe, expect, it } from 'vitest';
import { credentialTypeFunction as fn } from './credential-type.js';
import { agent, status } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'kontor:credentialType', operator, rightOperand });
const holder = agent({ credentialTypes: ['MembershipCredential', 'https://w3id.org/catenax/credentials/BpnCredential'] });

describe('credentialType', () => {
  it.each([
    ['eq means holds', c('eq', 'MembershipCredential'), holder, 'true'],
    ['local name matches full IRI', c('eq', 'BpnCredential'), holder, 'true'],
    ['not held', c('eq', 'DismantlerCredential'), holder, 'false'],
    ['isAllOf', c('isAllOf', ['MembershipCredential', 'BpnCredential']), holder, 'true'],
    ['isAllOf missing one', c('isAllOf', ['MembershipCredential', 'DismantlerCredential']), holder, 'false'],
    ['isAnyOf', c('isAnyOf', ['DismantlerCredential', 'BpnCredential']), holder, 'true'],
    ['isNoneOf', c('isNoneOf', ['DismantlerCredential']), holder, 'true'],
    ['neq held', c('neq', 'MembershipCredential'), holder, 'false'],
    ['holds nothing', c('eq', 'MembershipCredential'), agent(), 'false'],
    ['no agent', c('eq', 'MembershipCredential'), undefined, 'error'],
    ['a full IRI matches itself', c('eq', 'https://w3id.org/catenax/credentials/BpnCredential'), holder, 'true'],
    [
      'a full IRI does not match another IRI with its local name',
      c('eq', 'https://w3id.org/catenax/credentials/DismantlerCredential'),
      agent({ credentialTypes: ['urn:evil:DismantlerCredential'] }),
      'false',
    ],
    ['a full IRI does not match a bare held name', c('eq', 'https://w3id.org/catenax/credentials/MembershipCredential'), holder, 'false'],
    ['isAnyOf of IRIs: exact only', c('isAnyOf', ['https://a.example/x/MembershipCredential']), agent({ credentialTypes: ['https://evil.example/MembershipCredential'] }), 'false'],
    ['isNoneOf of an IRI, held under another IRI', c('isNoneOf', ['https://a.example/x/Blocked']), agent({ credentialTypes: ['urn:other:Blocked'] }), 'true'],
  ] as const)('%s', (_n, json, a, expected) => {
    expect(status(fn, json, a ? { agent: a } : {})).toBe(expected);
  });
});
