import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConnectorError } from '../../core/index.js';
import type { KekSource, KeyEncryptionKey } from '../config/artifact-kek.js';
import { sealedValueBroken } from './sealed-value-broken.js';

/** The row a sealed value belongs to: GCM additional data, so a sealed value cannot be moved to another row or column. */
export interface FieldBinding {
  readonly table: string;
  readonly column: string;
  readonly id: string;
}

/**
 * Seals values the database must not hold in clear (asset data addresses with their source credentials, webhook
 * signing secrets): AES-256-GCM under a key derived from the artifact KEK (HKDF, its own purpose), stored as
 * `fs1:<kekId>:<base64(IV ‖ ciphertext ‖ tag)>`. `open` passes values stored before sealing through unchanged.
 */
export interface FieldCipher {
  seal(binding: FieldBinding, value: unknown): string;
  open(binding: FieldBinding, stored: unknown): unknown;
  /** The ids of the KEKs it opens values of (the start-up check names them beside the one a stored value needs). */
  readonly kekIds: readonly string[];
}

const FORMAT = 'fs1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Most sealed values whose clear text is remembered (per cipher, in memory only, as the opened rows themselves are). */
const OPENED_MEMO = 256;
const SEALED = /^fs1:(kek-[0-9a-f]{16}):([A-Za-z0-9+/]+={0,2})$/;

export const isSealed = (stored: unknown): stored is string => typeof stored === 'string' && SEALED.test(stored);
const fieldKey = (kek: KeyEncryptionKey) => Buffer.from(hkdfSync('sha256', kek.key, Buffer.alloc(0), 'kontor-field-cipher-v1', 32));
const aad = (b: FieldBinding, kekId: string) => Buffer.from(JSON.stringify(['kontor-field-cipher-v1', b.table, b.column, b.id, kekId]));
const where = (b: FieldBinding) => `${b.table}.${b.column} of '${b.id}'`;

/** A cipher over every KEK the source holds (the current one seals); loaded once, then synchronous. */
export async function fieldCipher(keks: KekSource): Promise<FieldCipher> {
  const current = await keks.current();
  const keys = new Map<string, Buffer>();
  for (const kekId of await keks.ids()) {
    const kek = await keks.find(kekId);
    if (kek) keys.set(kekId, fieldKey(kek));
  }
  const sealing = keys.get(current.kekId) ?? fieldKey(current);
  const opened = new Map<string, string>();
  const kekIds = [...keys.keys()];
  return {
    kekIds,
    seal(binding, value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealing, iv);
      cipher.setAAD(aad(binding, current.kekId));
      const body = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
      return `${FORMAT}:${current.kekId}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
    },
    open(binding, stored) {
      const match = typeof stored === 'string' ? SEALED.exec(stored) : null;
      if (!match) return stored;
      const [, kekId = '', data = ''] = match;
      // A sealed value that opened once opens to the same text again (GCM authenticates IV, text and binding): reads of
      // the same row (a training site's data address, every round) skip the decryption; a changed value is a new key.
      const memoKey = `${JSON.stringify([binding.table, binding.column, binding.id])}${stored as string}`;
      const known = opened.get(memoKey);
      if (known !== undefined) return JSON.parse(known) as unknown;
      const key = keys.get(kekId);
      if (!key) throw unknownKek(binding, kekId, kekIds);
      const sealed = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(aad(binding, kekId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
        const value = JSON.parse(text) as unknown;
        if (opened.size >= OPENED_MEMO) opened.delete(opened.keys().next().value as string);
        opened.set(memoKey, text);
        return value;
      } catch (error) {
        throw sealedValueBroken(`${where(binding)} does not open (tampered, or moved from another row)`, error);
      }
    },
  };
}

/**
 * A value sealed under a KEK this connector does not hold: the server's configuration, not the caller's request, is
 * at fault (a wrong artifact KEK, or a row written by a replica given another one), so it is 503 STORE_UNAVAILABLE,
 * as for a store that cannot be read: nothing is written, the operator is told in the log (every STORE_UNAVAILABLE is
 * logged at warn), and a retry may land on a replica that holds the KEK. The start-up check (sealed-rows-check.ts)
 * refuses a store already holding such values before anything is served.
 */
function unknownKek(binding: FieldBinding, kekId: string, held: readonly string[]): ConnectorError {
  return new ConnectorError('STORE_UNAVAILABLE', {
    detail: `${where(binding)} is sealed with KEK ${kekId}, which this connector does not hold (it holds ${held.join(', ') || 'none'}): the server's artifact KEK (usage.artifactKek or usage.artifactKekFile) is not the one the store was sealed with`,
    retryAfterSeconds: 30,
  });
}

/** Reading without a cipher (tools that do not hold the KEK): clear values as they are, sealed ones refused. */
export function openWithout(binding: FieldBinding, stored: unknown): unknown {
  if (isSealed(stored)) throw new ConnectorError('CONFIG_INVALID', { detail: `${where(binding)} is sealed, and no artifact KEK was given to read it` });
  return stored;
}
