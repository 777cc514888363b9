import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/index.js';
import { openDatabase } from './database.js';
import { storeOpenError } from './store-open-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-store-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What opening the store throws, as `kontor start` reports it. */
async function openingFails(config: Parameters<typeof openDatabase>[0]) {
  const thrown = await openDatabase(config).then(
    async (db) => {
      await db.close();
      throw new Error('expected the store not to open');
    },
    (error: unknown) => error,
  );
  return storeOpenError(config, thrown, 'opening');
}

/** Docs-truth review item 5: start-up store failures are STORE_UNAVAILABLE naming the setting and the reason (docs/errors.md). */
describe('storeOpenError', () => {
  it('should name store.path and the reason when the SQLite folder cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const error = await openingFails({ kind: 'sqlite', path: join(file, 'sub', 'kontor.db'), url: undefined, schema: 'public', poolSize: 1 });
    expect(isConnectorError(error) && error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/^opening the SQLite store '.*kontor\.db' \(store\.path\) failed: ENOTDIR: not a directory, mkdir '.*a-file' \(its folder cannot be created\)$/);
  });

  it('should name store.url, never the URL, when the PostgreSQL server does not answer', async () => {
    const url = 'postgres://kontor:PGSECRETPW@127.0.0.1:1/kontor';
    const error = await openingFails({ kind: 'postgres', path: '', url, schema: 'site_a', poolSize: 1 });
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toBe('the PostgreSQL server named in store.url is unavailable: the database cannot be reached (ECONNREFUSED)');
    expect(JSON.stringify({ message: error.message, detail: error.detail })).not.toContain('PGSECRETPW');
  });
});
