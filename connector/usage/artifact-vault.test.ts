import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { decryptArtifact, encryptArtifact } from './artifact-cipher.js';
import { ArtifactVault } from './artifact-vault.js';
import { buildDeletionReceipt } from './deletion-receipt.js';
import { MemoryArtifactKeyStore } from './memory-artifact-key-store.js';

const clock = new FixedClock();
const AGR = 'urn:uuid:agreement-1';
const ref = (artifactName: string, artifactClass = 'per-site-updates') => ({ agreementId: AGR, artifactClass, artifactName });
const secret = Buffer.from('the update of site A, round 1: 0.125, -0.5, …');

describe('artifact vault (AES-256-GCM per agreement and class, crypto-shredding)', () => {
  let root: string;
  let keys: MemoryArtifactKeyStore;
  let vault: ArtifactVault;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kontor-vault-'));
    keys = new MemoryArtifactKeyStore(clock);
    vault = new ArtifactVault(root, keys, clock);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('should write only ciphertext and read it back', async () => {
    const stored = await vault.write(ref('round-1.bin'), secret);
    const onDisk = readFileSync(stored.path);
    expect(onDisk.includes(secret)).toBe(false);
    expect(onDisk.length).toBe(secret.length + 29);
    expect(await vault.read(ref('round-1.bin'))).toEqual(secret);
    expect(stored.path.startsWith(root)).toBe(true);
    expect(stored.path).not.toContain('agreement-1'); // ids never become paths
    expect(await vault.list(AGR, 'per-site-updates')).toEqual([{ artifactClass: 'per-site-updates', artifactName: 'round-1.bin', ciphertextSha256: stored.ciphertextSha256 }]);
  });

  it('should bind a ciphertext to its agreement, class and name', async () => {
    const key = await keys.getOrCreate(AGR, 'c');
    const sealed = encryptArtifact(key, { agreementId: AGR, artifactClass: 'c', artifactName: 'a' }, secret);
    expect(() => decryptArtifact(key, { agreementId: AGR, artifactClass: 'c', artifactName: 'b' }, sealed)).toThrow(/does not decrypt/);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    expect(() => decryptArtifact(key, { agreementId: AGR, artifactClass: 'c', artifactName: 'a' }, flipped)).toThrow(/does not decrypt/);
    const one = await vault.write(ref('one.bin'), secret);
    await vault.write(ref('two.bin'), Buffer.from('other'));
    renameSync(one.path, join(dirname(one.path), 'two.bin')); // swap files on disk
    await expect(vault.read(ref('two.bin'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('should refuse names that could leave the folder', async () => {
    await expect(vault.write(ref('../escape'), secret)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(vault.write(ref('.hidden'), secret)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('should shred one class: key destroyed, files gone, other classes untouched, idempotent', async () => {
    const a = await vault.write(ref('round-1.bin'), secret);
    await vault.write(ref('round-2.bin'), secret);
    await vault.write(ref('final.bin', 'checkpoints'), secret);
    const copy = readFileSync(a.path); // a backup the vault cannot reach
    const result = await vault.shred(AGR, 'per-site-updates');
    expect(result).toMatchObject({ agreementId: AGR, artifactClass: 'per-site-updates', keyId: a.keyId, deletedAt: clock.isoNow() });
    expect(result.artifacts.map((x) => x.artifactName)).toEqual(['round-1.bin', 'round-2.bin']);
    expect(result.artifacts[0]).toMatchObject({ ciphertextSha256: a.ciphertextSha256, keyId: a.keyId });
    expect(existsSync(a.path)).toBe(false);
    expect(readdirSync(dirname(dirname(a.path)))).toHaveLength(1); // only the checkpoints class is left
    await expect(vault.read(ref('round-1.bin'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await keys.find(AGR, 'per-site-updates')).toBeUndefined();
    expect(copy.length).toBeGreaterThan(0); // the surviving copy is useless without the key (no key left to try)
    expect(await vault.read(ref('final.bin', 'checkpoints'))).toEqual(secret);
    expect(await vault.shred(AGR, 'per-site-updates')).toMatchObject({ keyId: undefined, artifacts: [] });
    const receipt = buildDeletionReceipt({ id: 'urn:uuid:r1', issuer: 'did:key:z', agreementId: AGR, artifacts: result.artifacts, deletedAt: result.deletedAt });
    expect((receipt.credentialSubject as { deletedArtifacts: unknown[] }).deletedArtifacts).toHaveLength(2);
  });

  it("should keep each training's artifacts in a partition of its own: own key, listed together, shredded apart", async () => {
    const one = await vault.write(ref('model-1'), secret, 'urn:uuid:t1');
    const two = await vault.write(ref('model-2'), Buffer.from('two'), 'urn:uuid:t2');
    await vault.write(ref('old'), Buffer.from('before partitions'));
    expect(one.keyId).not.toBe(two.keyId);
    expect((await vault.list(AGR, 'per-site-updates')).map((a) => a.artifactName).sort()).toEqual(['model-1', 'model-2', 'old']);
    expect((await vault.listIn(AGR, 'per-site-updates', 'urn:uuid:t1')).map((a) => a.artifactName)).toEqual(['model-1']);
    expect(await vault.keyIdOf(AGR, 'per-site-updates', 'urn:uuid:t1')).toBe(one.keyId);
    const result = await vault.shred(AGR, 'per-site-updates', 'urn:uuid:t1');
    expect(result.artifacts).toEqual([expect.objectContaining({ artifactName: 'model-1', keyId: one.keyId })]);
    await expect(vault.read(ref('model-1'), 'urn:uuid:t1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await vault.read(ref('model-2'), 'urn:uuid:t2')).toEqual(Buffer.from('two'));
    expect((await vault.list(AGR, 'per-site-updates')).map((a) => a.artifactName).sort()).toEqual(['model-2', 'old']);
  });
});
