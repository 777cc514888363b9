import { sign, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { compactVerify } from 'jose';

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

const canonical = (c: AuditCheckpoint) => canonicalize({ seq: c.seq, hash: c.hash, at: c.at }) ?? '';

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/**
 * Signs with an Ed25519 private KeyObject (connector/identity: `Ed25519Key.signingKey()`), `kid` in the header:
 * synchronously through node:crypto, the same compact JWS, byte for byte, as jose's CompactSign (Ed25519 signatures
 * are deterministic), without WebCrypto's thread-pool round trip (a checkpoint is signed after every training round).
 */
export function jwsCheckpointSigner(privateKey: KeyObject, kid?: string): CheckpointSigner {
  return async (checkpoint) => {
    if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') throw new TypeError('an Ed25519 private key is needed');
    const input = `${base64url(JSON.stringify({ alg: 'EdDSA', typ: 'kontor-audit-checkpoint', ...(kid ? { kid } : {}) }))}.${base64url(canonical(checkpoint))}`;
    return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
  };
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

/** The longest signature a peer's checkpoint may carry (a compact EdDSA JWS with a DID-URL `kid` is about 300 characters). */
const MAX_SIGNATURE_LENGTH = 4096;

/**
 * Whether a peer sent a signed checkpoint of the right shape (a whole-number seq, a hash, a time and a signature, and
 * nothing else): what a site or coordinator keeps of the other's log is never arbitrary JSON.
 */
export function isSignedAuditCheckpoint(value: unknown): value is SignedAuditCheckpoint {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { checkpoint, signature, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof signature !== 'string' || signature.length === 0 || signature.length > MAX_SIGNATURE_LENGTH) return false;
  if (typeof checkpoint !== 'object' || checkpoint === null || Array.isArray(checkpoint)) return false;
  const { seq, hash, at, ...more } = checkpoint as Record<string, unknown>;
  return (
    Object.keys(more).length === 0 &&
    Number.isSafeInteger(seq) &&
    (seq as number) >= 0 &&
    typeof hash === 'string' &&
    /^sha256:[0-9a-f]{64}$/.test(hash) &&
    typeof at === 'string' &&
    !Number.isNaN(Date.parse(at))
  );
}
