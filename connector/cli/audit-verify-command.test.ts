import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { CLI } from '../../test/helpers/connector-process.js';
import { runKontor } from '../../test/helpers/run-kontor.js';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';
import { AuditLog } from '../audit/index.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { SqlAuditStore } from '../store/sql/sql-audit-store.js';
import { levelOfLastChange } from './table-level.js';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
const AUDIT_LEVEL = levelOfLastChange('audit_log');
const entry = { type: 'policy.decision' as const, actor: 'did:web:me.example', data: { decision: 'permit' } };

/** `kontor audit verify` on the SQLite store at `path` (with `env` beside it): its exit code and what it printed. */
const verify = (path: string, env: Record<string, string | undefined> = { KONTOR_API_KEY: 'k'.repeat(24) }) => runKontor(['audit', 'verify'], { ...env, KONTOR_STORE_PATH: path });

/** The user a root test run drops to: `nobody`, whom file modes bind. */
const NOBODY = 65534;

/**
 * `kontor audit verify` on the SQLite store at `path` in a child process of the built CLI (dist: `npm run build`, as
 * `npm test` does first), as `nobody` when this runs as root: root reads and writes whatever the modes say.
 */
function verifyUnprivileged(path: string): Promise<{ exitCode: number | null; out: string; err: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const asRoot = process.getuid?.() === 0;
  const child = spawn(process.execPath, [CLI, 'audit', 'verify'], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', KONTOR_STORE_PATH: path },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let [out, err] = ['', ''];
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, out, err }));
  });
}

const dirs: string[] = [];
let running: RunningConnector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store migrated up to `version` only, with one audit entry appended at that level. */
async function storeAt(version: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-audit-verify-'));
  dirs.push(dir);
  const path = join(dir, 'kontor.db');
  const database = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
  try {
    await migrate(database, { migrations: MIGRATIONS.filter((m) => m.version <= version) });
    if (version >= 18) await new AuditLog(new SqlAuditStore(database), systemClock).append(entry); // `subject` came with 18
  } finally {
    await database.close();
  }
  return path;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('kontor audit verify reads the store read-only', () => {
  /** A connector that wrote audit entries and holds its store open: the entries are still in the WAL. */
  async function connectorWithEntries(): Promise<{ path: string; head: number }> {
    running = await startConnector('sqlite');
    for (let i = 0; i < 3; i++) await running.connector.audit.append(entry);
    const path = running.connector.config.store.path;
    expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(0);
    return { path, head: Number((await running.connector.stores.audit.head())?.seq) };
  }

  it("should verify a running connector's store, WAL included, and leave the file, its mode and the connector's writes as they were", async () => {
    const { path, head } = await connectorWithEntries();
    chmodSync(path, 0o444); // opening it read-write would make it 0600 again (the store's private file)
    try {
      expect(await verify(path)).toMatchObject({ exitCode: 0, out: expect.stringContaining(`audit log intact: ${head} entries`) });
      expect(mode(path)).toBe(0o444);
      expect((await running?.connector.audit.append(entry))?.seq).toBe(head + 1);
    } finally {
      chmodSync(path, 0o600);
    }
  });

  // File modes bind only a user other than root: run as root (CI), the command runs as `nobody` in a child process,
  // with the store readable (not writable) by it, as an operator's read-only copy would be.
  it('should verify it with the file and its folder read-only, and name a closed store it cannot read there', async () => {
    const { path, head } = await connectorWithEntries();
    const files = [path, `${path}-wal`, `${path}-shm`];
    for (const file of files) chmodSync(file, 0o444);
    chmodSync(dirname(path), 0o555);
    try {
      expect(await verifyUnprivileged(path)).toMatchObject({ exitCode: 0, out: expect.stringContaining(`audit log intact: ${head} entries`) });
    } finally {
      chmodSync(dirname(path), 0o700);
      for (const file of files) chmodSync(file, 0o600);
    }
    // Closed, a store has no -wal and -shm files: in a read-only folder SQLite cannot read it, and says so.
    const closed = await storeAt(LATEST);
    chmodSync(closed, 0o444);
    chmodSync(dirname(closed), 0o555);
    try {
      const result = await verifyUnprivileged(closed);
      expect(result.exitCode).toBe(1);
      expect(result.err).toContain(`${closed} (store.path, KONTOR_STORE_PATH) cannot be read: its folder is not writable and no connector has the store open`);
    } finally {
      chmodSync(dirname(closed), 0o700);
    }
  }, 90_000); // two child processes, each loading the whole CLI
});

describe('kontor audit verify needs only the store', () => {
  // Upgrade review item 3: it serves no management API, so it asked for an API key it never used.
  it('should verify a store with store.path alone, no management API key set', async () => {
    const path = await storeAt(LATEST);
    expect(await verify(path, { KONTOR_API_KEY: undefined, KONTOR_API_KEY_FILE: undefined })).toMatchObject({
      exitCode: 0,
      err: '',
      out: expect.stringContaining('audit log intact: 1 entries'),
    });
  });

  it('should still refuse an API key given that is not valid (nothing is accepted and ignored)', async () => {
    const result = await verify(await storeAt(LATEST), { KONTOR_API_KEY: 'short' });
    expect(result).toMatchObject({ exitCode: 1, err: expect.stringContaining('managementApi.apiKey: must be at least 16 characters') });
  });
});

describe('kontor audit verify on a store older than this build', () => {
  const level = (path: string) => {
    const db = new Database(path, { readonly: true });
    const { v } = db.prepare('SELECT MAX(version) AS v FROM kontor_migrations').get() as { v: number };
    db.close();
    return v;
  };
  it("should verify a store migrated since the audit log's last change, though not to this build, and leave its level", async () => {
    expect(AUDIT_LEVEL).toBeLessThan(LATEST); // else there is no such store to read
    for (const version of [AUDIT_LEVEL, LATEST - 1]) {
      const path = await storeAt(version);
      expect(await verify(path), `at ${version}`).toMatchObject({ exitCode: 0, out: expect.stringContaining('audit log intact: 1 entries') });
      expect(level(path)).toBe(version);
    }
  });

  it("should refuse a store from before the audit log's last change, naming both levels, and migrate nothing", async () => {
    const path = await storeAt(AUDIT_LEVEL - 1);
    const result = await verify(path);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      `is at migration ${AUDIT_LEVEL - 1}, kontor audit verify reads stores from migration ${AUDIT_LEVEL} on (this build's is ${LATEST}): kontor audit verify migrates nothing`,
    );
    expect(level(path)).toBe(AUDIT_LEVEL - 1);
  });

  it('should still refuse a store newer than this build', async () => {
    const path = await storeAt(LATEST);
    const db = new Database(path);
    db.prepare("INSERT INTO kontor_migrations (version, name, applied_at) VALUES (?, 'from a newer build', 0)").run(LATEST + 1);
    db.close();
    expect(await verify(path)).toMatchObject({ exitCode: 1, err: expect.stringContaining(`is at migration ${LATEST + 1}, newer than this build (${LATEST})`) });
  });
});
