import { createHash } from 'node:crypto';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectorError, makeFolders, notFound, type Clock } from '../../core/index.js';
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
 * Artifacts derived from a site's data (model updates, checkpoints) on disk, always encrypted with the key of their
 * partition: (agreement, class), or (agreement, class, scope) where a scope is one training, so that one training's
 * artifacts are shredded with a key of their own while other trainings under the same agreement keep theirs. Layout:
 * root/sha256(agreement)[0..32]/sha256(class)[0..32]/name, and root/…/sha256(class)[0..32]-t/sha256(scope)[0..32]/name
 * (with a `.scope` file naming the scope), so ids never become paths. `shred` destroys a partition's key first
 * (crypto-erase), then unlinks its files.
 */
export class ArtifactVault {
  constructor(
    private readonly root: string,
    private readonly keys: ArtifactKeyStore,
    private readonly clock: Clock,
  ) {}

  async write(binding: ArtifactBinding, plaintext: Uint8Array, scope?: string): Promise<StoredArtifact> {
    if (!NAME.test(binding.artifactName)) throw new ConnectorError('VALIDATION_FAILED', { detail: `artifact name '${binding.artifactName}' must match ${NAME.source}` });
    const key = await this.keys.getOrCreate(binding.agreementId, keyClass(binding.artifactClass, scope));
    const sealed = wiping(key, () => encryptArtifact(key, binding, plaintext));
    const dir = this.#dir(binding.agreementId, binding.artifactClass, scope);
    await makeFolders(dir);
    if (scope !== undefined) await writeFile(join(dir, '.scope'), scope, { mode: 0o600 });
    const path = join(dir, binding.artifactName);
    await writeFile(`${path}.tmp`, sealed, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    return { ...binding, path, keyId: key.keyId, ciphertextSha256: `sha256:${sha256(sealed)}` };
  }

  async read(binding: ArtifactBinding, scope?: string): Promise<Buffer> {
    const key = await this.keys.find(binding.agreementId, keyClass(binding.artifactClass, scope));
    if (!key) throw notFound('artifact key', `${binding.agreementId} / ${binding.artifactClass} (shredded or never written)`);
    const sealed = await readFile(join(this.#dir(binding.agreementId, binding.artifactClass, scope), binding.artifactName)).catch(() => {
      key.key.fill(0);
      throw notFound('artifact', binding.artifactName);
    });
    return wiping(key, () => decryptArtifact(key, binding, sealed));
  }

  /** The artifacts of one partition (no scope: the agreement's own, outside any training's), with the digests a receipt lists. */
  async listIn(agreementId: string, artifactClass: string, scope?: string): Promise<DeletedArtifact[]> {
    const dir = this.#dir(agreementId, artifactClass, scope);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => NAME.test(n) && !n.endsWith('.tmp')).sort();
    return Promise.all(names.map(async (artifactName) => ({ artifactClass, artifactName, ciphertextSha256: `sha256:${sha256(await readFile(join(dir, artifactName)))}` })));
  }

  /** Every artifact of one class under an agreement, of every partition (the agreement's own, then each training's). */
  async list(agreementId: string, artifactClass: string): Promise<DeletedArtifact[]> {
    const scoped = `${this.#dir(agreementId, artifactClass)}-t`;
    const scopes = await Promise.all((await readdir(scoped).catch(() => [] as string[])).sort().map((d) => readFile(join(scoped, d, '.scope'), 'utf8').catch(() => undefined)));
    const parts = await Promise.all([undefined, ...scopes.filter((x) => x !== undefined)].map((scope) => this.listIn(agreementId, artifactClass, scope)));
    return parts.flat();
  }

  /** The id of a partition's key (what a receipt names), or undefined when there is none. */
  async keyIdOf(agreementId: string, artifactClass: string, scope?: string): Promise<string | undefined> {
    const key = await this.keys.find(agreementId, keyClass(artifactClass, scope));
    return key ? wiping(key, () => key.keyId) : undefined;
  }

  /** Crypto-shreds one partition: key destroyed, then files removed. Idempotent. */
  async shred(agreementId: string, artifactClass: string, scope?: string): Promise<ShredResult> {
    const listed = await this.listIn(agreementId, artifactClass, scope);
    const keyId = await this.keys.destroy(agreementId, keyClass(artifactClass, scope));
    await rm(this.#dir(agreementId, artifactClass, scope), { recursive: true, force: true });
    return { agreementId, artifactClass, keyId, artifacts: listed.map((a) => (keyId === undefined ? a : { ...a, keyId })), deletedAt: this.clock.isoNow() };
  }

  #dir(agreementId: string, artifactClass: string, scope?: string): string {
    const own = join(this.root, sha256(agreementId).slice(0, 32), sha256(artifactClass).slice(0, 32));
    return scope === undefined ? own : join(`${own}-t`, sha256(scope).slice(0, 32));
  }
}

/** The key store's class of a partition: the class itself, or the class and the training it belongs to. */
const keyClass = (artifactClass: string, scope: string | undefined) => (scope === undefined ? artifactClass : `${artifactClass}#training=${scope}`);
