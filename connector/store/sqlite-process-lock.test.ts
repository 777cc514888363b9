import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FixedClock, isConnectorError } from '../../core/index.js';
import { startConnector } from '../../test/helpers/start-connector.js';
import { openDatabase } from './database.js';
import { lockFileOf, lockSqliteStore } from './sqlite-process-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-store-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = new FixedClock(Date.parse('2025-01-01T00:00:00Z'));

/** What taking the lock throws. */
function refusal(path: string) {
  try {
    lockSqliteStore(path, clock).release();
  } catch (error) {
    return error;
  }
  throw new Error('expected the lock to be refused');
}

/** Review item 2: two `kontor start` on one SQLite file both ran, each with its state machines on the same rows. */
describe('the lock of a SQLite store', () => {
  it('should refuse a second holder, naming it and the store, and be taken again once released', () => {
    const path = join(dir, 'one.db');
    const lock = lockSqliteStore(path, clock);
    const refused = refusal(path);
    expect(isConnectorError(refused) && [refused.code, refused.message]).toEqual([
      'STORE_UNAVAILABLE',
      `another connector in this process (pid ${process.pid}) uses ${path} (store.path): a SQLite store serves one process; stop that one first, or run replicas on PostgreSQL (commands that only read the store, such as kontor audit verify, may run beside it)`,
    ]);
    lock.release();
    lock.release(); // twice is once
    lockSqliteStore(path, clock).release();
    expect(existsSync(lockFileOf(path))).toBe(true); // never removed: a process may have it open
  });

  it('should leave the store itself to those that take no lock: a reader, and a command that adds to it', async () => {
    const path = join(dir, 'shared.db');
    const writer = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
    const lock = lockSqliteStore(path, clock);
    try {
      const native = new BetterSqlite3(path);
      native.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)');
      native.close();
      const reader = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 }, { readOnly: true });
      const rows = await reader.db.selectFrom('t').select('v').execute();
      await reader.close();
      expect(rows).toEqual([{ v: 1 }]);
    } finally {
      lock.release();
      await writer.close();
    }
  });

  it('should refuse a second connector on one file with STORE_UNAVAILABLE, and start one once the first stopped', async () => {
    const path = join(dir, 'connector.db');
    const first = await startConnector('sqlite', {}, { 'store.path': path });
    let stopped = false;
    try {
      const second = await startConnector('sqlite', {}, { 'store.path': path }).then(
        async (c) => {
          await c.stop();
          throw new Error('expected the second connector to be refused');
        },
        (error: unknown) => error,
      );
      expect(isConnectorError(second) && [second.code, second.message]).toEqual([
        'STORE_UNAVAILABLE',
        expect.stringMatching(/^another connector in this process \(pid \d+\) uses /),
      ]);
      expect((await first.api('/api/v1/assets')).status).toBe(200); // the first one is untouched
      await first.stop();
      stopped = true;
      const third = await startConnector('sqlite', {}, { 'store.path': path });
      await third.stop();
    } finally {
      if (!stopped) await first.stop();
    }
  });

  // Another process: the built lock (as `npm test` builds it first) in a child, killed as `kill -9` would.
  const built = fileURLToPath(new URL('../../dist/connector/store/sqlite-process-lock.js', import.meta.url));
  it.skipIf(!existsSync(built))('should name another process holding it, and be free at once when that process was SIGKILLed (needs `npm run build`)', async () => {
    const path = join(dir, 'killed.db');
    const script = `const { lockSqliteStore } = await import(${JSON.stringify(built)});
lockSqliteStore(${JSON.stringify(path)}, { now: () => 0 });
process.stdout.write('held\\n');
setInterval(() => undefined, 60_000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
        child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      const refused = refusal(path);
      expect(isConnectorError(refused) && refused.message).toMatch(new RegExp(`^another kontor process \\(pid ${child.pid}\\) uses ${path} \\(store\\.path\\)`));
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    lockSqliteStore(path, clock).release();
  });
});
