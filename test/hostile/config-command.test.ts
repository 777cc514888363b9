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

  it('should redact the fixed development Authorization header (it grants an identity)', async () => {
    const env = { NODE_ENV: 'test', KONTOR_API_KEY: SECRETS.KONTOR_API_KEY as string, KONTOR_IDENTITY_KIND: 'dev', KONTOR_DEV_FIXED_AUTHORIZATION: 'FIXEDAUTHSECRET' };
    const cli = runCli(['config'], env);
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(JSON.parse(cli.stdout())).toMatchObject({ identity: { dev: { fixedAuthorization: '[redacted]' } } });
    expect(cli.stdout() + cli.stderr()).not.toContain('FIXEDAUTHSECRET');
  });

  it('should refuse a secret given both itself and as a file, naming both and printing neither', async () => {
    const cli = runCli(['config'], { KONTOR_API_KEY: SECRETS.KONTOR_API_KEY as string, KONTOR_API_KEY_FILE: '/nonexistent' });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain('managementApi.apiKey (KONTOR_API_KEY): and managementApi.apiKeyFile (KONTOR_API_KEY_FILE) are both set');
    expect(cli.stdout() + cli.stderr()).not.toContain(SECRETS.KONTOR_API_KEY);
  });

  it('should refuse extra arguments after --version and a flag given twice', async () => {
    const version = runCli(['--version', 'extra'], {});
    expect(await version.exited).toBe(1);
    expect(version.stdout()).toBe('');
    const twice = runCli(['config', '-c', 'a.json', '-c', 'b.json'], {});
    expect(await twice.exited).toBe(1);
    expect(twice.stderr()).toContain("option '-c, --config <file>' is given more than once");
  });
});
