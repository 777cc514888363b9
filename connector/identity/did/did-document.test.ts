import { describe, expect, it } from 'vitest';
import { isDidDocument } from './did-document.js';

const did = 'did:web:127.0.0.1%3A8282';
const method = { id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6Mk' };

describe('isDidDocument', () => {
  it('should accept relationships listing ids and embedded methods, and a document with none', () => {
    expect(isDidDocument({ id: did, verificationMethod: [method] })).toBe(true);
    expect(isDidDocument({ id: did, verificationMethod: [method], authentication: [`${did}#key-1`, '#key-1'], assertionMethod: [] })).toBe(true);
    expect(isDidDocument({ id: did, capabilityInvocation: [method], keyAgreement: [{ ...method, controller: [did] }], capabilityDelegation: [{ id: '#k' }] })).toBe(true);
  });

  it.each([
    ['authentication: [null]', { authentication: [null] }],
    ['authentication: "x"', { authentication: 'x' }],
    ['authentication: [{}]', { authentication: [{}] }],
    ['authentication: [5]', { authentication: [5] }],
    ['authentication: [[]]', { authentication: [[`${did}#key-1`]] }],
    ['capabilityInvocation: 5', { capabilityInvocation: 5 }],
    ['capabilityInvocation: null', { capabilityInvocation: null }],
    ['assertionMethod: {}', { assertionMethod: {} }],
    ['keyAgreement with a numeric id', { keyAgreement: [{ ...method, id: 7 }] }],
    ['capabilityDelegation with a numeric controller', { capabilityDelegation: [{ ...method, controller: 7 }] }],
    ['authentication with a controller array holding a number', { authentication: [{ ...method, controller: [did, 7] }] }],
  ])('should refuse a document with %s', (_name, relationships) => {
    expect(isDidDocument({ id: did, verificationMethod: [method], ...relationships })).toBe(false);
  });
});
