import { FixedClock } from '../../core/index.js';
import { buildDidDocument, createDocumentLoader, didWebIdentity, type DidDocument, issueCredential, KeyRing } from '../../connector/identity/index.js';
import { credentialDigest } from '../../connector/training/model-result/credential-digest.js';
import { MODEL_FILE_FORMAT, paramsHash, sha256Of } from '../../connector/training/model-result/model-file.js';
import { buildAttestation, MODEL_CONTEXTS } from '../../connector/training/model-result/trained-model-credential.js';

/** A model file and its provenance (`GET …/provenance`), signed offline with did:web keys of the test's own: for `kontor model verify`. */
export type Json = Record<string, unknown>;
export const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
export const COORDINATOR = 'did:web:coordinator.example';
export const SITE = 'did:web:site.example';
export const params = [0.1, -0.2, 0.3];
export const bytes = Buffer.from(JSON.stringify({ format: MODEL_FILE_FORMAT, params }));

export const keysFor = () => ({ [COORDINATOR]: KeyRing.generate(clock), [SITE]: KeyRing.generate(clock) });
export const documentsOf = (rings: Record<string, KeyRing>): Record<string, DidDocument> =>
  Object.fromEntries(Object.entries(rings).map(([did, ring]) => [did, buildDidDocument({ did, keys: ring.all() })]));
export const loaderOver = (documents: Record<string, DidDocument>) =>
  createDocumentLoader({ resolve: async (did) => (documents[did] ? { ok: true, didDocument: documents[did] } : { ok: false, error: 'notFound', message: did }) });

/** A provenance as `GET …/provenance` returns it, signed with these keys; `digestOf` names the credential in the attestation. */
export async function provenance(rings: Record<string, KeyRing>, accuracy = 0.8, digestOf = credentialDigest): Promise<Json> {
  const documents = documentsOf(rings);
  const sign = (c: Json, did: string) => issueCredential(c, { issuer: didWebIdentity(did, rings[did] as KeyRing), documentLoader: loaderOver(documents), clock });
  const credential = await sign(unsignedCredential(accuracy), COORDINATOR);
  const attestation = await sign(
    buildAttestation({
      id: 'urn:uuid:att-1',
      issuer: SITE,
      issuedAt: clock.isoNow(),
      credentialId: String(credential.id),
      credentialDigest: digestOf(credential),
      trainingId: 'urn:uuid:t1',
      modelHash: paramsHash(params),
      agreementId: 'urn:uuid:a1',
      roundsTakenPart: { fit: [1], evaluate: [1] },
      appliedPrivacy: { clipNorm: null, noiseMultiplier: null },
      auditHead: { seq: 1, hash: 'sha256:00' },
    }),
    SITE,
  );
  return { trainingId: 'urn:uuid:t1', credential, attestations: [{ siteDid: SITE, attestation }], refusals: [], didDocuments: documents };
}
export const unsignedCredential = (accuracy: number): Json => ({
  '@context': [...MODEL_CONTEXTS],
  id: 'urn:uuid:cred-1',
  type: ['VerifiableCredential', 'TrainedModelCredential'],
  issuer: COORDINATOR,
  validFrom: clock.isoNow(),
  credentialSubject: {
    id: 'urn:uuid:t1',
    modelHash: paramsHash(params),
    modelFileSha256: sha256Of(bytes),
    modelFiles: [{ format: 'json', sha256: sha256Of(bytes) }],
    participants: [{ siteDid: SITE, agreementId: 'urn:uuid:a1' }],
    finalMetrics: { accuracy },
  },
});
