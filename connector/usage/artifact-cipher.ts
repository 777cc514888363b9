import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConnectorError } from '../../core/index.js';
import type { ArtifactKey } from './artifact-key-store.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a ciphertext is bound to (as GCM additional data): moving it to another artifact makes it undecryptable. */
export interface ArtifactBinding {
  readonly agreementId: string;
  readonly artifactClass: string;
  readonly artifactName: string;
}

const aad = (key: ArtifactKey, b: ArtifactBinding) => Buffer.from(JSON.stringify(['kontor-artifact-v1', b.agreementId, b.artifactClass, b.artifactName, key.keyId]));

/** AES-256-GCM with a random 96-bit IV. Layout: version (1 byte) ‖ IV (12) ‖ tag (16) ‖ ciphertext. */
export function encryptArtifact(key: ArtifactKey, binding: ArtifactBinding, plaintext: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(key, binding));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
}

export function decryptArtifact(key: ArtifactKey, binding: ArtifactBinding, sealed: Uint8Array): Buffer {
  const data = Buffer.from(sealed);
  if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION) throw new ConnectorError('VALIDATION_FAILED', { detail: 'not a Kontor artifact ciphertext' });
  const decipher = createDecipheriv('aes-256-gcm', key.key, data.subarray(1, 1 + IV_BYTES));
  decipher.setAAD(aad(key, binding));
  decipher.setAuthTag(data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'the artifact does not decrypt (wrong key, binding or tampered)', cause: error });
  }
}
