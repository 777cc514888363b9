import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../connector/config/config-schema.js';
import { runCli } from '../helpers/connector-process.js';

/** Issue 17 item 6: `kontor config` (needs `npm run build`) prints no secret, whichever the schema flags. */
const SECRETS: Record<string, string> = {
  KONTOR_API_KEY: 'cli-api-key-secret-0123456789',
  KONTOR_STORE_URL: 'postgres://kontor:cli-pg-secret@127.0.0.1:5432/kontor',
  KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 9).toString('base64'),
  KONTOR_DATA_TOKEN_SECRET: 'cli-data-token-secret-0123456789abcdef',
  KONTOR_TLS_PASSPHRASE: 'cli-tls-passphrase-secret-0123',
};

describe('kontor config', () => {
  it('should print the effective configuration with every secret redacted', async () => {
    expect(
      CONFIG_SCHEMA.filter((s) => s.secret)
        .map((s) => s.env)
        .sort(),
    ).toEqual(Object.keys(SECRETS).sort());
    // A passphrase applies only with a key to open: a development certificate (its key is not encrypted; it is ignored).
    const tls = mkdtempSync(join(tmpdir(), 'kontor-config-tls-'));
    try {
      expect(await runCli(['dev-ca', '--out', tls, '--host', 'localhost'], {}).exited).toBe(0);
      const files = { KONTOR_TLS_CERT_FILE: join(tls, 'localhost.pem'), KONTOR_TLS_KEY_FILE: join(tls, 'localhost-key.pem') };
      const cli = runCli(['config'], { ...SECRETS, ...files, KONTOR_STORE_KIND: 'postgres' });
      expect(await cli.exited, cli.stderr()).toBe(0);
      const printed = cli.stdout();
      expect(JSON.parse(printed)).toMatchObject({
        managementApi: { apiKey: '[redacted]' },
        store: { kind: 'postgres', url: '[redacted]' },
        usage: { artifactKek: '[redacted]' },
        dataPlane: { tokenSecret: '[redacted]' },
        tls: { passphrase: '[redacted]' },
      });
      for (const secret of Object.values(SECRETS)) expect(printed).not.toContain(secret);
    } finally {
      rmSync(tls, { recursive: true, force: true });
    }
  });
});
