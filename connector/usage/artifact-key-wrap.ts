import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConnectorError } from '../../core/index.js';
import type { KekSource, KeyEncryptionKey } from '../config/artifact-kek.js';

/** Which data key a wrapped value belongs to: all of it is GCM additional data, so a wrapped key cannot move to another row. */
export interface WrappedKeyBinding {
  readonly agreementId: string;
  readonly artifactClass: string;
  readonly keyId: string;
}

const FORMAT = 'kw1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEK_ID = /^kek-[0-9a-f]{16}$/;

const aad = (b: WrappedKeyBinding, kekId: string) => Buffer.from(JSON.stringify(['kontor-artifact-key-wrap-v1', b.agreementId, b.artifactClass, b.keyId, kekId]));
const where = (b: WrappedKeyBinding) => `the artifact key of agreement '${b.agreementId}', class '${b.artifactClass}'`;

/** AES-256-GCM under the KEK. Stored form: `kw1:<kekId>:<base64(IV ‖ wrapped key ‖ tag)>`. */
export function wrapArtifactKey(kek: KeyEncryptionKey, binding: WrappedKeyBinding, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  cipher.setAAD(aad(binding, kek.kekId));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return `${FORMAT}:${kek.kekId}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
}

/**
 * The data key, in memory only. A value wrapped under a KEK this connector does not hold is STORE_UNAVAILABLE
 * (503, Retry-After 30: the server's KEK file or secret is wrong, not the request, and another replica may hold it;
 * as for sealed fields, store/field-cipher.ts); one that does not unwrap (tampered, or moved from another row) is
 * STORE_INTEGRITY (503, not retryable: the stored row is damaged, not the request); one not in the wrapped format (e.g. a
 * plain key from before wrapping) is VALIDATION_FAILED.
 */
export async function unwrapArtifactKey(keks: KekSource, binding: WrappedKeyBinding, stored: string): Promise<Buffer> {
  const [format, kekId = '', data = '', ...rest] = stored.split(':');
  const sealed = Buffer.from(data, 'base64');
  if (format !== FORMAT || !KEK_ID.test(kekId) || rest.length > 0 || sealed.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: `${where(binding)} is not stored in the wrapped format (${FORMAT}); shred it` });
  }
  const kek = await keks.find(kekId);
  if (!kek) {
    const held = (await keks.ids()).join(', ');
    throw new ConnectorError('STORE_UNAVAILABLE', {
      detail: `${where(binding)} is wrapped with KEK ${kekId}, but this connector holds ${held || 'no KEK'} (wrong artifact KEK file or secret?)`,
      retryAfterSeconds: 30,
    });
  }
  const decipher = createDecipheriv('aes-256-gcm', kek.key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(aad(binding, kekId));
  decipher.setAuthTag(sealed.subarray(IV_BYTES + KEY_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()]);
  } catch (error) {
    throw new ConnectorError('STORE_INTEGRITY', {
      detail: `${where(binding)} does not unwrap with KEK ${kekId} (tampered, or moved from another agreement, class or key)`,
      cause: error,
      retryable: false,
    });
  }
}
