import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const env = (extra: Record<string, string>) => ({ KONTOR_API_KEY: 'api-key-0123456789abcdef', KONTOR_PUBLIC_PORT: '9443', ...extra });
const problems = (extra: Record<string, string>): string[] => {
  try {
    loadConfig({ env: env(extra) });
    return [];
  } catch (error) {
    return (error as { violations: { pointer: string }[] }).violations.map((v) => v.pointer);
  }
};

describe('the tls.* settings', () => {
  it('should serve plain HTTP by default and derive an https URL (and did:web) when a certificate is set', () => {
    expect(loadConfig({ env: env({}) }).publicApi.url).toBe('http://127.0.0.1:9443');
    const config = loadConfig({ env: env({ KONTOR_TLS_CERT_FILE: '/tls/a.pem', KONTOR_TLS_KEY_FILE: '/tls/a-key.pem', KONTOR_TLS_CA_FILE: '/tls/ca.pem' }) });
    expect(config.publicApi.url).toBe('https://127.0.0.1:9443');
    expect(config.participantId).toBe('did:web:127.0.0.1%3A9443');
    expect(config.tls).toMatchObject({ certFile: '/tls/a.pem', keyFile: '/tls/a-key.pem', caFile: '/tls/ca.pem', management: false });
  });

  it.each([
    [{ KONTOR_TLS_CERT_FILE: '/a.pem' }, 'tls.keyFile'],
    [{ KONTOR_TLS_KEY_FILE: '/a-key.pem' }, 'tls.certFile'],
    [{ KONTOR_TLS_PFX_FILE: '/a.p12', KONTOR_TLS_CERT_FILE: '/a.pem', KONTOR_TLS_KEY_FILE: '/k.pem' }, 'tls.pfxFile'],
    [{ KONTOR_TLS_CHAIN_FILE: '/chain.pem', KONTOR_TLS_PFX_FILE: '/a.p12' }, 'tls.chainFile'],
    [{ KONTOR_TLS_PASSPHRASE: 'secret' }, 'tls.passphrase'],
    [{ KONTOR_TLS_MANAGEMENT: 'true' }, 'tls.management'],
  ])('should refuse %o naming %s', (extra, pointer) => {
    expect(problems(extra)).toContain(pointer);
  });

  it('should refuse the passphrase in the config file (a secret)', () => {
    expect(() => loadConfig({ env: env({}), file: 'c.json', readFile: () => JSON.stringify({ tls: { passphrase: 'x' } }) })).toThrow(/tls.passphrase: is a secret/);
  });

  it('should refuse NODE_TLS_REJECT_UNAUTHORIZED=0 (certificate verification off) outside the development identity', () => {
    expect(problems({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toEqual(['NODE_TLS_REJECT_UNAUTHORIZED']);
    expect(problems({ NODE_TLS_REJECT_UNAUTHORIZED: '0', KONTOR_IDENTITY_KIND: 'dev' })).toEqual([]);
    expect(problems({ NODE_TLS_REJECT_UNAUTHORIZED: '1' })).toEqual([]);
  });
});
