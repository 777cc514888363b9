import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from './config-schema.js';
import { loadConfig } from './load-config.js';
import { REDACTED, redactConfig } from './redact-config.js';

const SECRETS: Record<string, string> = {
  KONTOR_API_KEY: 'api-key-secret-0123456789',
  KONTOR_STORE_URL: 'postgres://kontor:pg-secret@127.0.0.1:5432/kontor',
  KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 7).toString('base64'),
  KONTOR_DATA_TOKEN_SECRET: 'data-token-secret-0123456789abcdef-xyz',
  KONTOR_TLS_PASSPHRASE: 'tls-passphrase-secret',
};

describe('redactConfig', () => {
  it('should know a value for every secret the schema flags (extend SECRETS with a new one)', () => {
    expect(
      CONFIG_SCHEMA.filter((s) => s.secret)
        .map((s) => s.env)
        .sort(),
    ).toEqual(Object.keys(SECRETS).sort());
  });

  it('should redact every secret by its schema flag and show the rest', () => {
    const config = loadConfig({ env: { ...SECRETS, KONTOR_STORE_KIND: 'postgres', KONTOR_TLS_PFX_FILE: '/etc/kontor/tls.p12' } });
    const shown = redactConfig(config);
    const text = JSON.stringify(shown);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(shown).toMatchObject({
      managementApi: { apiKey: REDACTED },
      store: { url: REDACTED, kind: 'postgres' },
      usage: { artifactKek: REDACTED },
      dataPlane: { tokenSecret: REDACTED },
      tls: { passphrase: REDACTED, pfxFile: '/etc/kontor/tls.p12' },
    });
    expect(config.dataPlane.tokenSecret).toBe(SECRETS.KONTOR_DATA_TOKEN_SECRET);
  });

  it('should redact the fixed development Authorization header, which grants an identity like a key', () => {
    const env = { KONTOR_API_KEY: SECRETS.KONTOR_API_KEY as string, KONTOR_IDENTITY_KIND: 'dev', KONTOR_DEV_FIXED_AUTHORIZATION: 'FIXEDAUTHSECRET' };
    const shown = redactConfig(loadConfig({ env }));
    expect(shown).toMatchObject({ identity: { dev: { fixedAuthorization: REDACTED, fixedParticipant: 'TCK_PARTICIPANT' } } });
    expect(JSON.stringify(shown)).not.toContain('FIXEDAUTHSECRET');
  });

  it('should leave unset secrets unset', () => {
    const shown = redactConfig(loadConfig({ env: { KONTOR_API_KEY: SECRETS.KONTOR_API_KEY as string } })) as { dataPlane: { tokenSecret?: string } };
    expect(shown.dataPlane.tokenSecret).toBeUndefined();
  });
});
