import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config/load-config.js';
import { createConnector } from './connector.js';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-kek-start-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const envIn = (dir: string) => ({ KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: join(dir, 'kontor.db'), KONTOR_KEY_FILE: join(dir, 'keys.json') });
const logger = pino({ level: 'silent' });

// A mistyped usage.artifactKekFile made the connector create a new KEK there (and leave it behind when the store then
// refused it): a KEK file named explicitly must exist.
describe('start-up with a missing artifact KEK file', () => {
  it('should refuse a file named in usage.artifactKekFile, naming the setting and the path, and create nothing', async () => {
    const dir = scratch();
    const path = join(dir, 'typo', 'kek.json');
    const config = loadConfig({ env: { ...envIn(dir), KONTOR_ARTIFACT_KEK_FILE: path } });
    await expect(createConnector(config, { logger })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      detail: `usage.artifactKekFile (KONTOR_ARTIFACT_KEK_FILE) ${path}: the KEK file does not exist; give the file you used before, or unset the setting to let the connector create one at the default path`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should create it at the default path when the setting is not given, as before', async () => {
    const dir = scratch();
    const connector = await createConnector(loadConfig({ env: envIn(dir) }), { logger });
    try {
      expect(existsSync(join(dir, 'keys.artifact-kek.json'))).toBe(true);
    } finally {
      await connector.stop();
    }
  });
});
