import { checkCredentialProof, createDocumentLoader, type DidDocument } from '../../identity/index.js';
import { attestsOtherCredential } from './credential-digest.js';
import { keyFingerprints } from './key-fingerprint.js';
import { MODEL_FILE_FORMAT, sha256Of } from './model-file.js';

type Json = Record<string, unknown>;

export interface ModelVerification {
  /** Every check passed. With keys taken from the file this is self-consistency only, not who signed. */
  ok: boolean;
  /** Where the signers' keys came from: the provenance file itself, or DID documents pinned by the verifier. */
  keysFrom: 'file' | 'pinned';
  /** Each signer (the coordinator, then each attesting site) with the fingerprints of the keys it was checked with. */
  signers: { did: string; fingerprints: string[] }[];
  /** What was checked, each with its outcome. */
  checks: { check: string; ok: boolean; detail?: string }[];
}

const subjectOf = (c: Json): Json => (c.credentialSubject ?? {}) as Json;

/** The model files a credential names: `modelFileSha256` (the JSON file) and, since model context v2, `modelFiles`. */
function namedFiles(subject: Json): { format: string; sha256: unknown }[] {
  const files = Array.isArray(subject.modelFiles) ? (subject.modelFiles as Json[]).map((f) => ({ format: String(f.format), sha256: f.sha256 })) : [];
  return subject.modelFileSha256 === undefined || files.some((f) => f.format === 'json') ? files : [{ format: 'json', sha256: subject.modelFileSha256 }, ...files];
}

function parsed(bytes: Uint8Array): Json | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Offline: does this model file, in either export format, belong to this provenance (the answer of
 * `GET /api/v1/trainings/{id}/provenance`)? The file's SHA-256 must be one the credential names (`modelFileSha256`, or
 * `modelFiles` per format: one changed byte fails); a JSON file's weights must hash to its `modelHash`, a TF.js file's
 * metadata must name it; the coordinator's credential and every site's attestation must verify (no network: any other DID
 * or context is refused), each attestation naming this exact credential (id and digest) and model, signed by a site the
 * credential lists. The keys come from `trusted` (DID documents the verifier pinned from elsewhere: a signer not among
 * them fails) or, without it, from the DID documents the provenance carries: then a pass only shows the file is
 * self-consistent, since whoever wrote the file chose the keys.
 */
export async function verifyModelFile(
  bytes: Uint8Array,
  provenance: Json,
  modelHash: (p: readonly number[]) => string,
  nowMs: number,
  trusted?: Readonly<Record<string, DidDocument>>,
): Promise<ModelVerification> {
  const checks: ModelVerification['checks'] = [];
  const add = (check: string, ok: boolean, detail?: string) => void checks.push({ check, ok, ...(detail === undefined ? {} : { detail }) });
  const credential = (provenance.credential ?? {}) as Json;
  const subject = subjectOf(credential);
  const fileHash = sha256Of(bytes);
  const named = namedFiles(subject);
  const match = named.find((f) => f.sha256 === fileHash);
  add(
    "the file's SHA-256 is one the credential names (modelFileSha256, modelFiles)",
    match !== undefined,
    `${fileHash} vs ${named.map((f) => `${f.format} ${f.sha256}`).join(', ') || 'none'}`,
  );
  const file = parsed(bytes);
  if (file?.format === MODEL_FILE_FORMAT) {
    const params = file.params;
    const numeric = Array.isArray(params) && params.every((v) => typeof v === 'number');
    add("the weights hash to the credential's modelHash", numeric && modelHash(params as number[]) === subject.modelHash, numeric ? undefined : 'the file has no numeric params');
  } else if (file?.format === 'layers-model') {
    // float32 weights (scaling folded in) cannot be hashed back to the float64 modelHash: the file hash above binds them.
    const meta = ((file.userDefinedMetadata ?? {}) as Json).kontor as Json | undefined;
    add("the TF.js model names the credential's modelHash", meta?.modelHash === subject.modelHash && match?.format === 'tfjs', `metadata ${String(meta?.modelHash)}`);
  } else add('the file is a Kontor model file (JSON or TF.js layers)', false, 'neither format');
  const documents = trusted ?? ((provenance.didDocuments ?? {}) as Record<string, DidDocument>);
  const where = trusted ? 'the pinned DID documents' : "the provenance's DID documents";
  const documentOf = (did: string) => (Object.hasOwn(documents, did) && documents[did]?.id === did ? documents[did] : undefined);
  const loader = createDocumentLoader({
    resolve: async (did) => {
      const didDocument = documentOf(did);
      return didDocument ? { ok: true, didDocument } : { ok: false, error: 'notFound', message: `${did} is not among ${where}` };
    },
  });
  const unknownSigner = (issuer: unknown) => (documentOf(String(issuer)) ? [] : [`its issuer ${String(issuer)} is not among ${where}`]);
  const proof = [...unknownSigner(credential.issuer), ...(await checkCredentialProof(credential, loader, nowMs))];
  add("the coordinator's TrainedModelCredential verifies", proof.length === 0, proof.join('; ') || undefined);
  const sites = new Set((Array.isArray(subject.participants) ? (subject.participants as Json[]) : []).map((p) => p.siteDid));
  const attestations = Array.isArray(provenance.attestations) ? (provenance.attestations as { attestation: Json }[]) : [];
  for (const { attestation } of attestations) {
    const s = subjectOf(attestation);
    const problems = [...unknownSigner(attestation.issuer), ...(await checkCredentialProof(attestation, loader, nowMs))];
    const other = attestsOtherCredential(s, credential);
    if (other) problems.push(other);
    if (!sites.has(attestation.issuer)) problems.push('its issuer is not a site of the training');
    add(`the attestation of ${String(attestation.issuer)} verifies`, problems.length === 0, problems.join('; ') || undefined);
  }
  const signers = [...new Set([credential.issuer, ...attestations.map((a) => a.attestation.issuer)].map(String))];
  return {
    ok: checks.every((c) => c.ok),
    keysFrom: trusted ? 'pinned' : 'file',
    signers: signers.map((did) => ({ did, fingerprints: keyFingerprints(documentOf(did)) })),
    checks,
  };
}
