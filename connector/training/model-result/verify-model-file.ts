import { checkCredentialProof, createDocumentLoader, type DidDocument } from '../../identity/index.js';
import { sha256Of } from './model-file.js';

type Json = Record<string, unknown>;

export interface ModelVerification {
  ok: boolean;
  /** What was checked, each with its outcome. */
  checks: { check: string; ok: boolean; detail?: string }[];
}

const subjectOf = (c: Json): Json => (c.credentialSubject ?? {}) as Json;

/**
 * Offline: does this model file belong to this provenance (the answer of `GET /api/v1/trainings/{id}/provenance`)?
 * The file's SHA-256 must be the credential's `modelFileSha256` (one changed byte fails), the weights must hash to its
 * `modelHash`; the coordinator's credential and every site's attestation must verify with the DID documents the
 * provenance carries (no network: any other DID or context is refused), each attestation naming this credential and
 * model, signed by a site the credential lists.
 */
export async function verifyModelFile(bytes: Uint8Array, provenance: Json, modelHash: (p: readonly number[]) => string, nowMs: number): Promise<ModelVerification> {
  const checks: ModelVerification['checks'] = [];
  const add = (check: string, ok: boolean, detail?: string) => void checks.push({ check, ok, ...(detail === undefined ? {} : { detail }) });
  const credential = (provenance.credential ?? {}) as Json;
  const subject = subjectOf(credential);
  const fileHash = sha256Of(bytes);
  add('the file\'s SHA-256 is the credential\'s modelFileSha256', fileHash === subject.modelFileSha256, `${fileHash} vs ${String(subject.modelFileSha256)}`);
  let params: unknown;
  try {
    params = (JSON.parse(Buffer.from(bytes).toString('utf8')) as Json).params;
  } catch {
    params = undefined;
  }
  const numeric = Array.isArray(params) && params.every((v) => typeof v === 'number');
  add('the weights hash to the credential\'s modelHash', numeric && modelHash(params as number[]) === subject.modelHash, numeric ? undefined : 'the file has no numeric params');
  const documents = (provenance.didDocuments ?? {}) as Record<string, DidDocument>;
  const loader = createDocumentLoader({
    resolve: async (did) => (documents[did]?.id === did ? { ok: true, didDocument: documents[did] } : { ok: false, error: 'notFound', message: `${did} is not among the provenance's DID documents` }),
  });
  const proof = await checkCredentialProof(credential, loader, nowMs);
  add('the coordinator\'s TrainedModelCredential verifies', proof.length === 0, proof.join('; ') || undefined);
  const sites = new Set((Array.isArray(subject.participants) ? (subject.participants as Json[]) : []).map((p) => p.siteDid));
  const attestations = Array.isArray(provenance.attestations) ? (provenance.attestations as { attestation: Json }[]) : [];
  for (const { attestation } of attestations) {
    const s = subjectOf(attestation);
    const problems = await checkCredentialProof(attestation, loader, nowMs);
    if (s.attests !== credential.id || s.modelHash !== subject.modelHash) problems.push('it attests another credential or model');
    if (!sites.has(attestation.issuer)) problems.push('its issuer is not a site of the training');
    add(`the attestation of ${String(attestation.issuer)} verifies`, problems.length === 0, problems.join('; ') || undefined);
  }
  return { ok: checks.every((c) => c.ok), checks };
}
