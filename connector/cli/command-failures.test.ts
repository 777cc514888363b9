import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKontor } from '../../test/helpers/run-kontor.js';

const KEY = 'k'.repeat(24);
const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-cli-failures-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('kontor health with nothing listening', () => {
  it('should name the URL it asked and why nothing answered (the refused connection), not just "fetch failed"', async () => {
    const port = await closedPort();
    const result = await runKontor(['health'], { KONTOR_API_KEY: KEY, KONTOR_MANAGEMENT_PORT: String(port) });
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(`kontor health: no answer from the management listener: http://127.0.0.1:${port}/health/live: `);
    expect(result.err).toContain('ECONNREFUSED');
    expect(result.err).not.toMatch(/fetch failed\n/);
  });

  it('should name itself, not "cannot start", when its configuration is invalid', async () => {
    const result = await runKontor(['health'], { KONTOR_API_KEY: 'short' });
    expect(result).toMatchObject({ exitCode: 1, err: expect.stringContaining('kontor health: the configuration is invalid (1 problem):') });
  });
});

describe('kontor audit verify on something at store.path that is no database', () => {
  it('should say a folder is a folder and a text file is not a SQLite database, under its own name', async () => {
    const dir = scratch();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not a database at all, just some text that SQLite cannot read as one');
    const text = await runKontor(['audit', 'verify'], { KONTOR_API_KEY: KEY, KONTOR_STORE_PATH: notes });
    expect(text.exitCode).toBe(1);
    expect(text.err).toMatch(/^kontor audit verify: STORE_UNAVAILABLE: .*is not a SQLite database \(SQLITE_NOTADB\)/);
    const folder = await runKontor(['audit', 'verify'], { KONTOR_API_KEY: KEY, KONTOR_STORE_PATH: dir });
    expect(folder.exitCode).toBe(1);
    expect(folder.err).toMatch(new RegExp(`^kontor audit verify: ${dir} \\(store.path, KONTOR_STORE_PATH\\) is a directory, not a SQLite database file`));
    for (const err of [text.err, folder.err]) {
      expect(err).not.toContain('cannot start');
      expect(err).not.toContain('kontor_migrations');
    }
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});

describe('kontor init --retire without a key file', () => {
  it('should refuse naming the missing file, and create neither it nor its folder', async () => {
    const dir = scratch();
    for (const [keyFile, args] of [
      [join(dir, 'k2.json'), ['init', '--retire', 'nosuchkid']],
      [join(dir, 'keys', 'k3.json'), ['init', '--rotate', '--retire', 'key-1']],
    ] as const) {
      const result = await runKontor(args, { KONTOR_API_KEY: KEY, KONTOR_KEY_FILE: keyFile });
      expect(result.exitCode).toBe(1);
      expect(result.err).toContain(`kontor init: cannot retire: there is no key file at ${keyFile} (identity.keyFile, KONTOR_KEY_FILE)`);
      expect(result.out).toBe('');
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a key file path that is a directory', () => {
  it('should be named with its setting by kontor init and by kontor start, not as a bare EISDIR', async () => {
    const dir = scratch();
    const keyFile = join(dir, 'keys.json');
    mkdirSync(keyFile);
    const env = { KONTOR_API_KEY: KEY, KONTOR_KEY_FILE: keyFile, KONTOR_STORE_PATH: join(dir, 'store', 'kontor.db') };
    const init = await runKontor(['init'], env);
    expect(init.exitCode).toBe(1);
    expect(init.err).toContain(`kontor init: the configuration is invalid: identity.keyFile (KONTOR_KEY_FILE) ${keyFile}: is a directory`);
    const start = await runKontor(['start'], env);
    expect(start.exitCode).toBe(1);
    expect(start.err).toContain(`identity.keyFile (KONTOR_KEY_FILE) ${keyFile}: is a directory`);
    for (const err of [init.err, start.err]) expect(err).not.toContain('illegal operation on a directory');
    expect(existsSync(join(dir, 'store'))).toBe(false);
  });
});

describe('kontor config with the API key in a secret file that is not there', () => {
  it('should name that one problem under its own name, not also "is required"', async () => {
    const missing = join(scratch(), 'api-key');
    const result = await runKontor(['config'], { KONTOR_API_KEY_FILE: missing });
    expect(result.exitCode).toBe(1);
    expect(result.err).toBe(
      'kontor config: the configuration is invalid (1 problem):\n  - managementApi.apiKeyFile: cannot read the secret file: ENOENT\nSee docs/config.md for every setting.\n',
    );
  });
});
