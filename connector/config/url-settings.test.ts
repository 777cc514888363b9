import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { loadConfig } from './load-config.js';

const KEY = 'k'.repeat(24);
/** What a DCP connector on PostgreSQL must set besides the store. */
const SHARED = { KONTOR_DATA_TOKEN_SECRET: 'd'.repeat(32), KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 3).toString('base64') };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ env: { KONTOR_API_KEY: KEY, ...env } });
  } catch (e) {
    if (e instanceof ConnectorError) return e.violations.map((v) => `${v.pointer}: ${v.message}`);
    throw e;
  }
  return [];
}

describe('URL settings', () => {
  it.each([
    ['KONTOR_AUTHORITY_URL', 'identity.authorityUrl', 'http://u:AUTHPWSECRET@127.0.0.1:18499', 'must not carry a user name or password'],
    ['KONTOR_PUBLIC_URL', 'publicApi.url', 'https://u@example.com', 'must not carry a user name or password'],
    ['KONTOR_PROBLEM_TYPE_BASE', 'managementApi.problemTypeBase', 'https://u:p@example.com/problems/', 'must not carry a user name or password'],
    ['KONTOR_PUBLIC_URL', 'publicApi.url', 'ftp://example.com/x', 'must be a http or https URL, not ftp'],
    ['KONTOR_AUTHORITY_URL', 'identity.authorityUrl', 'file:///etc/passwd', 'must be a http or https URL, not file'],
    ['KONTOR_PUBLIC_URL', 'publicApi.url', 'https://example.com/x?q', 'must not carry a query'],
    ['KONTOR_PUBLIC_URL', 'publicApi.url', 'https://example.com/x#f', 'must not carry a query'],
    ['KONTOR_AUTHORITY_URL', 'identity.authorityUrl', 'https://authority.example/?', 'must not carry a query'],
  ])('should refuse %s=%s, naming the setting and never echoing the value', (env, key, value, message) => {
    const problems = problemsOf({ [env]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${key} (${env}): ${message}`)).toBe(true);
    expect(problems.join()).not.toContain('SECRET');
  });

  it('should report every URL problem at once', () => {
    const problems = problemsOf({ KONTOR_PUBLIC_URL: 'ftp://u:p@example.com/x?q#f', KONTOR_AUTHORITY_URL: 'file:///etc/passwd' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['publicApi.url (KONTOR_PUBLIC_URL)', 'identity.authorityUrl (KONTOR_AUTHORITY_URL)']);
  });

  it('should take a PostgreSQL URL with a password and query in store.url, and refuse another scheme without echoing it', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY, ...SHARED, KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'postgresql://kontor:pw@db:5432/kontor?sslmode=verify-full' } });
    expect(c.store.url).toBe('postgresql://kontor:pw@db:5432/kontor?sslmode=verify-full');
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, ...SHARED, KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'postgres://db/kontor' } }).store.url).toBe('postgres://db/kontor');
    const problems = problemsOf({ ...SHARED, KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'mysql://root:STOREPW@db/kontor' });
    expect(problems).toEqual(['store.url (KONTOR_STORE_URL): must be a postgres or postgresql URL, not mysql']);
    expect(problems.join()).not.toContain('STOREPW');
  });

  it('should keep plain http(s) base URLs and a problem type base ending in #', () => {
    const c = loadConfig({
      env: {
        KONTOR_API_KEY: KEY,
        KONTOR_PUBLIC_URL: 'https://kontor.example:8443/base',
        KONTOR_AUTHORITY_URL: 'http://127.0.0.1:9',
        KONTOR_PROBLEM_TYPE_BASE: 'https://w3id.org/kontor/problems#',
      },
    });
    expect(c.publicApi.url).toBe('https://kontor.example:8443/base');
    expect(c.identity.authorityUrl).toBe('http://127.0.0.1:9');
    expect(c.managementApi.problemTypeBase).toBe('https://w3id.org/kontor/problems#');
  });
});

describe('managementApi.apiKey', () => {
  it.each([
    ['only spaces', ' '.repeat(16)],
    ['a space inside', 'abcdefgh ijklmnopq'],
    ['a tab', 'abcdefgh\tijklmnopq'],
    ['a control character', 'abcdefgh\u0007ijklmnopq'],
    ['a no-break space', 'abcdefgh\u00a0ijklmnopq'],
  ])('should refuse a key with %s', (_, key) => {
    expect(problemsOf({ KONTOR_API_KEY: key })).toEqual(['managementApi.apiKey: must not contain spaces, other whitespace or control characters']);
  });
});
