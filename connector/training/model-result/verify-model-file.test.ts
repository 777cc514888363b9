import { describe, expect, it } from 'vitest';
import { type DidDocument, didWebIdentity, issueCredential, type KeyRing, projectContexts } from '../../identity/index.js';
import { bytes, clock, COORDINATOR, documentsOf, type Json, keysFor, loaderOver, provenance, SITE, unsignedCredential } from '../../../test/helpers/signed-model-provenance.js';
import { verifyWithVcAlone } from '../../../test/helpers/verify-with-vc-alone.js';
import { credentialDigest } from './credential-digest.js';
import { paramsHash } from './model-file.js';
import { verifyModelFile } from './verify-model-file.js';

const failed = (v: { checks: { check: string; ok: boolean; detail?: string }[] }) => v.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail ?? ''}`);

describe('kontor model verify (verifyModelFile)', () => {
  it('should bind each attestation to the exact credential: a coordinator re-signing a changed one under the same id fails', async () => {
    const rings = keysFor();
    const genuine = await provenance(rings);
    expect(failed(await verifyModelFile(bytes, genuine, paramsHash, clock.now()))).toEqual([]);
    expect((genuine.attestations as { attestation: { credentialSubject: Json } }[])[0]?.attestation.credentialSubject.attestsDigest).toBe(
      credentialDigest(genuine.credential as Json),
    );
    // The coordinator re-signs better metrics under the same id and keeps the site's countersignature.
    const documents = documentsOf(rings);
    const resigned = await issueCredential(unsignedCredential(0.999), {
      issuer: didWebIdentity(COORDINATOR, rings[COORDINATOR] as KeyRing),
      documentLoader: loaderOver(documents),
      clock,
    });
    const forged = { ...genuine, credential: resigned };
    const result = await verifyModelFile(bytes, forged, paramsHash, clock.now());
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual([expect.stringMatching(/attestation of did:web:site\.example.*attestsDigest sha256:[0-9a-f]{64} is not the credential's digest/)]);
  });

  it('should refuse an attestation from before the digest (no attestsDigest), naming why', async () => {
    const old = await provenance(keysFor(), 0.8, () => undefined as unknown as string);
    const result = await verifyModelFile(bytes, old, paramsHash, clock.now());
    expect(failed(result)).toEqual([expect.stringMatching(/names no attestsDigest/)]);
  });

  it('should keep the digest verifiable with @digitalbazaar/vc alone (model context v3 defines attestsDigest)', async () => {
    const genuine = await provenance(keysFor());
    const attestation = (genuine.attestations as { attestation: Json }[])[0]?.attestation;
    const verdicts = verifyWithVcAlone({ didDocument: (genuine.didDocuments as Json)[SITE], servedContexts: projectContexts, credentials: [attestation], now: clock.isoNow() });
    expect(verdicts).toEqual([{ verified: true, status: null, errors: [] }]);
    const changed = JSON.parse(JSON.stringify(attestation).replace(/"attestsDigest":"sha256:[0-9a-f]+"/, `"attestsDigest":"sha256:${'0'.repeat(64)}"`)) as Json;
    expect(
      verifyWithVcAlone({ didDocument: (genuine.didDocuments as Json)[SITE], servedContexts: projectContexts, credentials: [changed], now: clock.isoNow() })[0]?.verified,
    ).toBe(false);
  });

  it('should report keys taken from the file as such, and check them against pinned DID documents when given', async () => {
    const real = keysFor();
    const genuine = await provenance(real);
    const self = await verifyModelFile(bytes, genuine, paramsHash, clock.now());
    expect(self).toMatchObject({ ok: true, keysFrom: 'file' });
    expect(self.signers.map((s) => s.did)).toEqual([COORDINATOR, SITE]);
    expect(self.signers[0]?.fingerprints[0]).toMatch(/^did:web:coordinator\.example#key-\d+ sha256:[0-9a-f]{64}$/);
    // An outsider writes a whole provenance for the same DIDs with keys of its own: consistent, but not theirs.
    const outsider = await provenance(keysFor(), 1);
    expect(await verifyModelFile(bytes, outsider, paramsHash, clock.now())).toMatchObject({ ok: true, keysFrom: 'file' });
    const pinned = documentsOf(real);
    const refused = await verifyModelFile(bytes, outsider, paramsHash, clock.now(), pinned);
    expect(refused).toMatchObject({ ok: false, keysFrom: 'pinned' });
    expect(failed(refused)).toHaveLength(2);
    expect(await verifyModelFile(bytes, genuine, paramsHash, clock.now(), pinned)).toMatchObject({ ok: true, keysFrom: 'pinned' });
    const missing = await verifyModelFile(bytes, genuine, paramsHash, clock.now(), { [COORDINATOR]: pinned[COORDINATOR] as DidDocument });
    expect(failed(missing)).toEqual([expect.stringMatching(/attestation of did:web:site\.example.*not among the pinned DID documents/)]);
  });
});
