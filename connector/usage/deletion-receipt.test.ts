import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { DidResolverRegistry, Ed25519Key, checkCredentialProof, createDidKeyResolver, createDocumentLoader, didKeyIdentity, issueCredential } from '../identity/index.js';
import { buildDeletionReceipt } from './deletion-receipt.js';

const clock = new FixedClock();
const documentLoader = createDocumentLoader(new DidResolverRegistry([createDidKeyResolver()], { clock }));
const issuer = didKeyIdentity(Ed25519Key.generate('k', clock.isoNow()));
const input = () => ({
  id: 'urn:uuid:5a1c0a5e-0000-4000-8000-000000000001',
  issuer: issuer.did,
  agreementId: 'urn:uuid:agreement-7',
  artifacts: [
    { artifactClass: 'per-site-updates', artifactName: 'round-1.bin', ciphertextSha256: 'sha256:aa', keyId: 'urn:uuid:key-1' },
    { artifactClass: 'per-site-updates', artifactName: 'round-2.bin', ciphertextSha256: 'sha256:bb' },
  ],
  deletedAt: clock.isoNow(),
  auditEntry: { seq: 12, hash: 'sha256:cc' },
});
const receipt = () => buildDeletionReceipt(input());

describe('deletion receipt credential', () => {
  it('should issue in safe mode and verify with a did:key issuer', async () => {
    const signed = await issueCredential(receipt(), { issuer, documentLoader, clock });
    expect(signed.type).toEqual(['VerifiableCredential', 'DeletionReceiptCredential']);
    expect(signed.credentialSubject).toMatchObject({ agreement: 'urn:uuid:agreement-7', deletionMethod: 'crypto-shredding+unlink', auditSequence: 12 });
    expect(await checkCredentialProof(signed, documentLoader, clock.now())).toEqual([]);
  });

  it('should fail verification when a listed artifact is changed', async () => {
    const signed = await issueCredential(receipt(), { issuer, documentLoader, clock });
    const tampered = JSON.parse(JSON.stringify(signed).replace('round-2.bin', 'round-3.bin')) as Record<string, unknown>;
    expect((await checkCredentialProof(tampered, documentLoader, clock.now())).length).toBeGreaterThan(0);
  });

  it('should name the training and the site transfer it covers, signed (an embedded context defines the terms)', async () => {
    const covering = buildDeletionReceipt({ ...input(), trainingId: 'urn:uuid:training-1', transferId: 'tp-9' });
    const signed = await issueCredential(covering, { issuer, documentLoader, clock });
    expect(signed.credentialSubject).toMatchObject({ training: 'urn:uuid:training-1', transfer: 'tp-9' });
    expect(await checkCredentialProof(signed, documentLoader, clock.now())).toEqual([]);
    const moved = JSON.parse(JSON.stringify(signed).replace('"tp-9"', '"tp-10"')) as Record<string, unknown>;
    expect((await checkCredentialProof(moved, documentLoader, clock.now())).length).toBeGreaterThan(0);
  });

  it('should list an entry never stored without a ciphertext hash or key, and sign the method it is given', async () => {
    const released = buildDeletionReceipt({
      ...input(),
      artifacts: [{ artifactClass: 'urn:kontor:artifact-class:unstored-round-updates', artifactName: 'round-updates-x-r1' }],
      method: 'released-from-memory+never-stored',
    });
    const subject = released.credentialSubject as { deletedArtifacts: Record<string, unknown>[]; deletionMethod: string };
    expect(subject.deletedArtifacts).toEqual([{ artifactClass: 'urn:kontor:artifact-class:unstored-round-updates', artifactName: 'round-updates-x-r1' }]);
    expect(Object.keys(subject.deletedArtifacts[0] ?? {})).toEqual(['artifactClass', 'artifactName']);
    const signed = await issueCredential(released, { issuer, documentLoader, clock });
    expect(await checkCredentialProof(signed, documentLoader, clock.now())).toEqual([]);
  });

  it('should refuse a deletion time that is not a date', () => {
    expect(() => buildDeletionReceipt({ id: 'urn:uuid:x', issuer: issuer.did, agreementId: 'a', artifacts: [], deletedAt: 'yesterday' })).toThrow(/date-time/);
  });
});
