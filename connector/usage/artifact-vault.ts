import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectorError, notFound, type Clock } from '../../core/index.js';
import { decryptArtifact, encryptArtifact, type ArtifactBinding } from './artifact-cipher.js';
import type { ArtifactKey, ArtifactKeyStore } from './artifact-key-store.js';
import type { DeletedArtifact } from './deletion-receipt.js';

export interface StoredArtifact extends ArtifactBinding {
  readonly path: string;
  readonly keyId: string;
  readonly ciphertextSha256: string;
}

export interface ShredResult {
  readonly agreementId: string;
  readonly artifactClass: string;
  /** The destroyed key, or undefined if none existed (already shredded, or nothing was written). */
  readonly keyId: string | undefined;
  readonly artifacts: readonly DeletedArtifact[];
  readonly deletedAt: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
/** The unwrapped data key lives only for one operation (best effort: the GC may have copied it). */
const wiping = <T>(key: ArtifactKey, use: () => T): T => {
  try {
    return use();
  } finally {
    key.key.fill(0);
  }
};

/**
 * Artifacts derived from a site's data (model updates, checkpoints) on disk, always encrypted with the
 * key of their (agreement, class). Layout: root/sha256(agreement)[0..32]/sha256(class)[0..32]/name,
 * so ids never become paths. `shred` destroys the key first (crypto-erase), then unlinks the files.
 */
export class ArtifactVault {
  constructor(
    private readonly root: string,
    private readonly keys: ArtifactKeyStore,
    private readonly clock: Clock,
  ) {}

  async write(binding: ArtifactBinding, plaintext: Uint8Array): Promise<StoredArtifact> {
    if (!NAME.test(binding.artifactName)) throw new ConnectorError('VALIDATION_FAILED', { detail: `artifact name '${binding.artifactName}' must match ${NAME.source}` });
    const key = await this.keys.getOrCreate(binding.agreementId, binding.artifactClass);
    const sealed = wiping(key, () => encryptArtifact(key, binding, plaintext));
    const dir = this.#dir(binding.agreementId, binding.artifactClass);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, binding.artifactName);
    await writeFile(`${path}.tmp`, sealed, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    return { ...binding, path, keyId: key.keyId, ciphertextSha256: `sha256:${sha256(sealed)}` };
  }

  async read(binding: ArtifactBinding): Promise<Buffer> {
    const key = await this.keys.find(binding.agreementId, binding.artifactClass);
    if (!key) throw notFound('artifact key', `${binding.agreementId} / ${binding.artifactClass} (shredded or never written)`);
    const sealed = await readFile(join(this.#dir(binding.agreementId, binding.artifactClass), binding.artifactName)).catch(() => {
      key.key.fill(0);
      throw notFound('artifact', binding.artifactName);
    });
    return wiping(key, () => decryptArtifact(key, binding, sealed));
  }

  /** The artifacts of one class under an agreement, with the digests a receipt lists. */
  async list(agreementId: string, artifactClass: string): Promise<DeletedArtifact[]> {
    const dir = this.#dir(agreementId, artifactClass);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => NAME.test(n) && !n.endsWith('.tmp')).sort();
    return Promise.all(names.map(async (artifactName) => ({ artifactClass, artifactName, ciphertextSha256: `sha256:${sha256(await readFile(join(dir, artifactName)))}` })));
  }

  /** Crypto-shreds one class under an agreement: key destroyed, then files removed. Idempotent. */
  async shred(agreementId: string, artifactClass: string): Promise<ShredResult> {
    const listed = await this.list(agreementId, artifactClass);
    const keyId = await this.keys.destroy(agreementId, artifactClass);
    await rm(this.#dir(agreementId, artifactClass), { recursive: true, force: true });
    return { agreementId, artifactClass, keyId, artifacts: listed.map((a) => (keyId === undefined ? a : { ...a, keyId })), deletedAt: this.clock.isoNow() };
  }

  #dir(agreementId: string, artifactClass: string): string {
    return join(this.root, sha256(agreementId).slice(0, 32), sha256(artifactClass).slice(0, 32));
  }
}
