import type { KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify } from 'jose';

/** The head of a log at one moment. Each side keeps the other's signed checkpoints (truncation evidence). */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

export interface SignedAuditCheckpoint {
  readonly checkpoint: AuditCheckpoint;
  /** Produced by the injected signer; with `jwsCheckpointSigner` a compact JWS (EdDSA) over the RFC 8785 checkpoint. */
  readonly signature: string;
}

export type CheckpointSigner = (checkpoint: AuditCheckpoint) => Promise<string>;
export type CheckpointSignatureCheck = (signed: SignedAuditCheckpoint) => Promise<boolean>;

const encoder = new TextEncoder();
const canonical = (c: AuditCheckpoint) => canonicalize({ seq: c.seq, hash: c.hash, at: c.at }) ?? '';

/** Signs with an Ed25519 private KeyObject (connector/identity: `Ed25519Key.signingKey()`), `kid` in the header. */
export function jwsCheckpointSigner(privateKey: KeyObject, kid?: string): CheckpointSigner {
  return (checkpoint) =>
    new CompactSign(encoder.encode(canonical(checkpoint))).setProtectedHeader({ alg: 'EdDSA', typ: 'kontor-audit-checkpoint', ...(kid ? { kid } : {}) }).sign(privateKey);
}

/** Checks the JWS with the signer's public key, and that its payload is exactly this checkpoint. */
export function jwsCheckpointVerifier(publicKey: KeyObject): CheckpointSignatureCheck {
  return async (signed) => {
    try {
      const { payload } = await compactVerify(signed.signature, publicKey, { algorithms: ['EdDSA'] });
      return new TextDecoder().decode(payload) === canonical(signed.checkpoint);
    } catch {
      return false;
    }
  };
}
