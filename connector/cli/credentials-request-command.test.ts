import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { runKontor } from '../../test/helpers/run-kontor.js';
import { createStores } from '../store/sql/create-stores.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Known weak point: its identity runtime opened the key file create-if-missing, so a mistyped identity.keyFile got a
// new key file with fresh keys the authority does not know (as `init --retire` did before).
describe('kontor credentials request without the key file', () => {
  it('should refuse, naming the missing key file, and create neither it nor its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-credentials-request-'));
    dirs.push(dir);
    const store = join(dir, 'kontor.db');
    await (
      await createStores({ kind: 'sqlite', path: store, url: undefined, schema: 'public', poolSize: 1, migrate: true }, { clock: systemClock, logger: pino({ level: 'silent' }) })
    ).close();
    const keyFile = join(dir, 'keys', 'keys.json');
    const result = await runKontor(['credentials', 'request'], {
      KONTOR_API_KEY: 'k'.repeat(24),
      KONTOR_STORE_PATH: store,
      KONTOR_AUTHORITY_URL: 'http://127.0.0.1:9',
      KONTOR_KEY_FILE: keyFile,
    });
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      `identity.keyFile (KONTOR_KEY_FILE) ${keyFile}: does not exist (ENOENT): kontor credentials request signs with the connector's existing keys and creates none`,
    );
    expect(existsSync(join(dir, 'keys'))).toBe(false);
  });
});
