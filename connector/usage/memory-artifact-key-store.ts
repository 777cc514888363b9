import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../core/index.js';
import type { ArtifactKey, ArtifactKeyStore } from './artifact-key-store.js';

/** In memory, for tests (keys unwrapped). Hands out copies; destroy overwrites the key bytes before dropping them. */
export class MemoryArtifactKeyStore implements ArtifactKeyStore {
  readonly #keys = new Map<string, ArtifactKey>();
  constructor(private readonly clock: Clock) {}

  async getOrCreate(agreementId: string, artifactClass: string): Promise<ArtifactKey> {
    const id = JSON.stringify([agreementId, artifactClass]);
    const existing = this.#keys.get(id);
    if (existing) return copy(existing);
    const key = { agreementId, artifactClass, keyId: `urn:uuid:${randomUUID()}`, key: randomBytes(32), createdAt: this.clock.now() };
    this.#keys.set(id, key);
    return copy(key);
  }

  async find(agreementId: string, artifactClass: string): Promise<ArtifactKey | undefined> {
    const existing = this.#keys.get(JSON.stringify([agreementId, artifactClass]));
    return existing && copy(existing);
  }

  async destroy(agreementId: string, artifactClass: string): Promise<string | undefined> {
    const id = JSON.stringify([agreementId, artifactClass]);
    const existing = this.#keys.get(id);
    if (!existing) return undefined;
    existing.key.fill(0);
    this.#keys.delete(id);
    return existing.keyId;
  }
}

const copy = (k: ArtifactKey): ArtifactKey => ({ ...k, key: Buffer.from(k.key) });
