import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../core/index.js';
import { StatusList } from '../identity/index.js';
import { storesOn } from '../store/sql/create-stores.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { AuthorityService } from './authority-service.js';
import type { AuthorityStore } from './authority-store.js';
import type { CredentialSigner } from './credential-signer.js';

const LIFETIME_S = 1_000;
const did = 'did:web:member.example';

describe('AuthorityService issuance', () => {
  let clock: FixedClock;
  let store: AuthorityStore;
  let cleanup: () => Promise<void>;
  let failAt: number;
  let keyId: string;
  let service: AuthorityService;

  beforeEach(async () => {
    clock = new FixedClock(1_000_000);
    const fresh = await freshDatabase('sqlite');
    store = storesOn(fresh.database, clock).authority;
    cleanup = fresh.cleanup;
    failAt = Number.POSITIVE_INFINITY;
    keyId = 'did:web:authority.example#key-1';
    let signed = 0;
    const signer: CredentialSigner = {
      issuerDid: 'did:web:authority.example',
      format: 'ldp',
      keyId: () => keyId,
      sign: async (unsigned) => {
        if (++signed === failAt) throw new Error('the key is gone');
        return { ...unsigned, proof: { type: 'Test', verificationMethod: keyId } };
      },
    };
    const deps = { store, signer, clock, ids: sequentialIds('c'), publicUrl: 'https://authority.example', contexts: [], validitySeconds: LIFETIME_S };
    service = new AuthorityService({ ...deps, statusListSize: 4 });
    // Three credentials each: membership, BPN, one framework agreement.
    await store.register({ did, legalName: 'M', businessPartnerNumber: 'BPNL0000000000M1', businessPartnerGroups: [], roles: [], frameworkAgreements: ['Pcf:1.0'] });
  });
  afterEach(async () => cleanup());

  const ids = (set: unknown[]) => set.map((c) => (c as { id: string }).id);
  const statusOf = (c: unknown) => (c as { credentialStatus: { statusListCredential: string; statusListIndex: string } }).credentialStatus;

  it('should hand the same set back within a tenth of the lifetime, and a new one after', async () => {
    const first = await service.issueTo(did);
    expect(first).toHaveLength(3);
    clock.advance((LIFETIME_S * 1000) / 10 - 1);
    expect(ids(await service.issueTo(did))).toEqual(ids(first));
    expect(await store.listIssued(did)).toHaveLength(3);
    clock.advance(1);
    const second = await service.issueTo(did);
    expect(ids(second)).not.toEqual(ids(first));
    expect(await store.listIssued(did)).toHaveLength(6);
  });

  it('should not hand back a set signed with a key the authority no longer signs with', async () => {
    const first = await service.issueTo(did);
    keyId = 'did:web:authority.example#key-2'; // rotated (or the old key retired)
    clock.advance(1);
    const second = await service.issueTo(did);
    expect(ids(second)).not.toEqual(ids(first));
    expect(ids(await service.issueTo(did))).toEqual(ids(second));
  });

  it('should open revocation-2 when revocation-1 is full, publish it at its URL and revoke on it', async () => {
    await service.issueTo(did);
    clock.advance(LIFETIME_S * 1000);
    const second = await service.issueTo(did);
    expect(second.map(statusOf).map((s) => `${s.statusListCredential}#${s.statusListIndex}`)).toEqual([
      'https://authority.example/status/revocation-1#3',
      'https://authority.example/status/revocation-2#0',
      'https://authority.example/status/revocation-2#1',
    ]);
    const list = (await service.statusList('revocation-2')) as { id: string; credentialSubject: { encodedList: string } };
    expect(list.id).toBe('https://authority.example/status/revocation-2');
    expect(await service.revoke(did)).toBe(6);
    const revoked = (await service.statusList('revocation-2')) as { credentialSubject: { encodedList: string } };
    const bits = await StatusList.decode(revoked.credentialSubject.encodedList);
    expect([bits.get(0), bits.get(1), bits.get(2)]).toEqual([true, true, false]);
  });

  it('should save nothing of a set whose signing fails halfway', async () => {
    failAt = 2;
    await expect(service.issueTo(did)).rejects.toThrow();
    expect(await store.listIssued(did)).toEqual([]);
    failAt = Number.POSITIVE_INFINITY;
    const set = await service.issueTo(did);
    expect(set.map(statusOf).map((s) => s.statusListIndex)).toEqual(['0', '1', '2']);
  });

  it('should register a did:web once: its host in another letter case is refused, naming /did and lower case', async () => {
    const input = { legalName: 'M', businessPartnerGroups: [], roles: [], frameworkAgreements: [] };
    await expect(service.register({ ...input, did: 'did:web:MEMBER.example' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ pointer: '/did', message: expect.stringMatching(/lower case.*: did:web:member\.example;/) }],
    });
    await expect(service.register({ ...input, did })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await store.listParticipants({ offset: 0, limit: 10 })).items.map((p) => p.did)).toEqual([did]);
  });
});
