import { describe, expect, it } from 'vitest';
import type { IssuedCredentialRecord } from './authority-store.js';
import { reusableSet } from './reusable-set.js';

const record = (type: string, over: Partial<IssuedCredentialRecord> = {}): IssuedCredentialRecord => ({
  id: `urn:${type}`,
  subjectDid: 'did:web:a',
  type,
  statusListId: 'revocation-1',
  statusIndex: 0,
  issuedAt: 1_000,
  validUntil: 101_000,
  revoked: false,
  credential: { id: `urn:${type}`, proof: { verificationMethod: 'did:web:authority#key-1' } },
  ...over,
});
const want = { types: ['MembershipCredential', 'BpnCredential'], now: 5_000, windowMs: 10_000, format: 'ldp' as const, keyId: 'did:web:authority#key-1' };

describe('reusableSet', () => {
  it('should hand back a complete, good set younger than the window', () => {
    const set = [record('BpnCredential'), record('MembershipCredential')];
    expect(reusableSet(set, want)).toEqual(set);
  });

  it('should issue anew once the set is as old as the window', () => {
    expect(reusableSet([record('BpnCredential'), record('MembershipCredential')], { ...want, now: 11_000 })).toBeUndefined();
  });

  it('should issue anew when a credential is revoked or expired, or the types differ', () => {
    expect(reusableSet([record('BpnCredential', { revoked: true }), record('MembershipCredential')], want)).toBeUndefined();
    expect(reusableSet([record('BpnCredential', { validUntil: 5_000 }), record('MembershipCredential')], want)).toBeUndefined();
    expect(reusableSet([record('MembershipCredential')], want)).toBeUndefined();
    expect(reusableSet([record('MembershipCredential'), record('MembershipCredential')], want)).toBeUndefined();
    expect(reusableSet([], want)).toBeUndefined();
  });

  it('should issue anew once the authority signs with another key or in another format', () => {
    const set = [record('BpnCredential'), record('MembershipCredential')];
    expect(reusableSet(set, { ...want, keyId: 'did:web:authority#key-2' })).toBeUndefined();
    expect(reusableSet(set, { ...want, format: 'vc20-bssl/jwt' })).toBeUndefined();
    expect(reusableSet([record('BpnCredential', { credential: { id: 'urn:x' } }), record('MembershipCredential')], want)).toBeUndefined();
  });
});
