import { ConnectorError } from '../../core/index.js';
import { KONTOR_CONTEXT_V1_URL } from '../identity/index.js';

export const DELETION_METHOD_CRYPTO_SHRED = 'crypto-shredding+unlink';

/**
 * One deleted artifact: its class, name and the SHA-256 of its ciphertext as it was before deletion. An entry of a class
 * that is never stored (unstored-round-updates.ts) has no ciphertext, so no hash and no key.
 */
export interface DeletedArtifact {
  readonly artifactClass: string;
  readonly artifactName: string;
  readonly ciphertextSha256?: string | undefined;
  readonly keyId?: string | undefined;
}

export interface DeletionReceiptInput {
  /** The credential id, e.g. `urn:uuid:…`. */
  readonly id: string;
  /** The DID of the party that deleted (the signer). */
  readonly issuer: string;
  readonly agreementId: string;
  readonly artifacts: readonly DeletedArtifact[];
  readonly deletedAt: string;
  readonly method?: string;
  /** The audit entry that records this deletion, binding the receipt into the hash chain. */
  readonly auditEntry?: { seq: number; hash: string } | undefined;
  readonly validUntil?: string | undefined;
  /** What the receipt covers: the training whose model artifacts were deleted. */
  readonly trainingId?: string | undefined;
  /** What the receipt covers: the site's training transfer (its id in the site's endpoint), so a site counts it for that session only. */
  readonly transferId?: string | undefined;
}

/**
 * The terms that bind a receipt to one training and one site transfer, as an embedded context after kontor v1 (which
 * has no such terms; its definitions never change). Protected like it.
 */
export const DELETION_COVERAGE_CONTEXT = {
  '@version': 1.1,
  '@protected': true,
  training: 'https://w3id.org/kontor/vocab#deletedForTraining',
  transfer: 'https://w3id.org/kontor/vocab#deletedForTransfer',
} as const;

/**
 * The unsigned body of a DeletionReceiptCredential (VC 2.0 + the kontor v1 context, whose terms make it
 * sign in safe mode). Sign it with connector/identity `issueCredential`. It attests that *this* party's
 * software destroyed the keys of and unlinked the artifacts it lists; it cannot prove no other copy exists.
 */
export function buildDeletionReceipt(input: DeletionReceiptInput): Record<string, unknown> {
  if (!Number.isFinite(Date.parse(input.deletedAt))) throw new ConnectorError('VALIDATION_FAILED', { detail: `deletedAt '${input.deletedAt}' is not a date-time` });
  const artifacts = input.artifacts.map((a) => ({
    artifactClass: a.artifactClass,
    artifactName: a.artifactName,
    ...(a.ciphertextSha256 === undefined ? {} : { ciphertextSha256: a.ciphertextSha256 }),
    ...(a.keyId === undefined ? {} : { keyId: a.keyId }),
  }));
  const covers = input.trainingId !== undefined || input.transferId !== undefined;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', KONTOR_CONTEXT_V1_URL, ...(covers ? [{ ...DELETION_COVERAGE_CONTEXT }] : [])],
    id: input.id,
    type: ['VerifiableCredential', 'DeletionReceiptCredential'],
    issuer: input.issuer,
    validFrom: input.deletedAt,
    ...(input.validUntil === undefined ? {} : { validUntil: input.validUntil }),
    credentialSubject: {
      agreement: input.agreementId,
      ...(input.trainingId === undefined ? {} : { training: input.trainingId }),
      ...(input.transferId === undefined ? {} : { transfer: input.transferId }),
      deletedArtifacts: artifacts,
      deletionMethod: input.method ?? DELETION_METHOD_CRYPTO_SHRED,
      deletedAt: input.deletedAt,
      ...(input.auditEntry === undefined ? {} : { auditSequence: input.auditEntry.seq, auditHash: input.auditEntry.hash }),
    },
  };
}
