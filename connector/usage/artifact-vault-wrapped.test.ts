import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../store/database.js';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../test/helpers/test-database.js';
import { kekFromSecret } from '../config/artifact-kek.js';
import { ArtifactVault } from './artifact-vault.js';
import { SqlArtifactKeyStore } from '../store/sql/sql-artifact-key-store.js';

const clock = new FixedClock();
const AGR = 'urn:uuid:agreement-1';
const ref = (artifactName: string, agreementId = AGR) => ({ agreementId, artifactClass: 'per-site-updates', artifactName });
const secret = Buffer.from('the update of site A, round 1: 0.125, -0.5, …');

describe.each(BACKENDS)('artifact vault with wrapped keys on $backend', ({ backend, skip }) => {
  let database: Database;
  let dbPath: string;
  let cleanup: () => Promise<void>;
  let dir: string;
  let kekPath: string;
  /** One connector process: a vault over its own key store, reading the KEK file itself. */
  const start = () => new ArtifactVault(join(dir, 'artifacts'), new SqlArtifactKeyStore(database, clock, { file: kekPath }), clock);
  const rowOf = (agreementId: string) => database.db.selectFrom('usage_artifact_keys').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst();

  beforeEach(async () => {
    if (skip) return;
    let location: TestDatabase;
    ({ database, cleanup, location } = await freshDatabase(backend));
    dbPath = location.config.path;
    dir = mkdtempSync(join(tmpdir(), 'kontor-wrapped-'));
    kekPath = join(dir, 'keys', 'artifacts.kek.json');
  });
  afterEach(async () => {
    if (skip) return;
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('should store the data key only wrapped: the row never holds the raw key bytes', async () => {
    const vault = start();
    await vault.write(ref('round-1.bin'), secret);
    const key = await new SqlArtifactKeyStore(database, clock, { file: kekPath }).find(AGR, 'per-site-updates');
    const row = await rowOf(AGR);
    const stored = String(row?.key_material);
    expect(key?.key).toHaveLength(32);
    expect(stored.startsWith('kw1:kek-')).toBe(true);
    for (const form of ['base64', 'base64url', 'hex'] as const) expect(stored).not.toContain(key?.key.toString(form));
    expect(Buffer.from(stored.split(':')[2] ?? '', 'base64').includes(key?.key ?? Buffer.alloc(32))).toBe(false);
    if (backend === 'sqlite') {
      const files = readdirSync(dirname(dbPath)).map((f) => readFileSync(join(dirname(dbPath), f)));
      expect(files.some((bytes) => bytes.includes(key?.key ?? Buffer.alloc(32)))).toBe(false); // nor do the database and WAL files
    }
  });

  it.skipIf(skip)('should create the KEK file with mode 0600 once and reuse it across restarts (two vaults, one database)', async () => {
    const stored = await start().write(ref('round-1.bin'), secret);
    if (process.platform !== 'win32') expect(statSync(kekPath).mode & 0o777).toBe(0o600);
    const kekText = readFileSync(kekPath, 'utf8');
    const restarted = start();
    expect(await restarted.read(ref('round-1.bin'))).toEqual(secret);
    const second = await restarted.write(ref('round-2.bin'), Buffer.from('round 2'));
    expect(second.keyId).toBe(stored.keyId); // the same data key, unwrapped again
    expect(await start().read(ref('round-2.bin'))).toEqual(Buffer.from('round 2'));
    expect(readFileSync(kekPath, 'utf8')).toBe(kekText);
  });

  it.skipIf(skip)('should refuse with STORE_UNAVAILABLE (the KEK of the server, not the request), not crash, when the KEK is not the one the keys were wrapped with', async () => {
    await start().write(ref('round-1.bin'), secret);
    const wrong = new ArtifactVault(join(dir, 'artifacts'), new SqlArtifactKeyStore(database, clock, kekFromSecret(randomBytes(32).toString('base64'))), clock);
    await expect(wrong.read(ref('round-1.bin'))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('wrong artifact KEK') });
    await expect(wrong.write(ref('round-2.bin'), secret)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' }); // never a second key beside the first
    writeFileSync(kekPath, JSON.stringify({ version: 1, keys: [] }), { mode: 0o600 }); // a damaged KEK file
    await expect(start().read(ref('round-1.bin'))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it.skipIf(skip)('should refuse a wrapped key moved to another agreement', async () => {
    await start().write(ref('round-1.bin'), secret);
    const other = 'urn:uuid:agreement-2';
    await database.db.updateTable('usage_artifact_keys').set({ agreement_id: other }).where('agreement_id', '=', AGR).execute();
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    await expect(start().read(ref('round-1.bin', other))).rejects.toMatchObject({ code: 'STORE_INTEGRITY', message: expect.stringContaining('does not unwrap') });
    await expect(start().write(ref('round-2.bin', other), secret)).rejects.toMatchObject({ code: 'STORE_INTEGRITY' });
  });

  it.skipIf(skip)('should still crypto-shred: wrapped key row and files gone, a kept ciphertext unreadable', async () => {
    const vault = start();
    const stored = await vault.write(ref('round-1.bin'), secret);
    const copy = readFileSync(stored.path);
    const result = await vault.shred(AGR, 'per-site-updates');
    expect(result.keyId).toBe(stored.keyId);
    expect(await rowOf(AGR)).toBeUndefined();
    expect(existsSync(stored.path)).toBe(false);
    mkdirSync(dirname(stored.path), { recursive: true });
    writeFileSync(stored.path, copy); // someone restores the file from a backup
    await expect(start().read(ref('round-1.bin'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(kekPath)).toBe(true); // the KEK stays: it wraps the keys of every other agreement
  });
});
