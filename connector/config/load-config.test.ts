import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { loadConfig } from './load-config.js';

/** A key of ten distinct characters or more: production refuses fewer (api-key-rule.ts). */
const KEY = 'k3y-0123456789abcdefXYZ';
/** What a DCP connector on PostgreSQL must set besides the store. */
const PG_SHARED = { KONTOR_DATA_TOKEN_SECRET: 'd'.repeat(32), KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 3).toString('base64') };
const files = (map: Record<string, string>) => (p: string) => {
  const v = map[p];
  if (v === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return v;
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConnectorError) return e.violations.map((v) => `${v.pointer}: ${v.message}`);
    throw e;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('should apply defaults and derive the participant id from the public URL', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY } });
    expect(c.managementApi).toMatchObject({ host: '127.0.0.1', port: 8181 });
    expect(c.publicApi).toEqual({ host: '0.0.0.0', port: 8282, url: 'http://127.0.0.1:8282' });
    expect(c.participantId).toBe('did:web:127.0.0.1%3A8282');
    expect(c.store).toMatchObject({ kind: 'sqlite', path: './data/kontor.db', migrate: true });
  });

  it('should keep the artifact KEK beside the identity keys unless told otherwise, and refuse a KEK that is not 32 bytes', () => {
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY } }).usage).toMatchObject({ artifactKek: undefined, artifactKekFile: './data/keys.artifact-kek.json' });
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_KEY_FILE: '/srv/site-a.json' } }).usage.artifactKekFile).toBe('/srv/site-a.artifact-kek.json');
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_ARTIFACT_KEK_FILE: '/keys/kek.json' } }).usage.artifactKekFile).toBe('/keys/kek.json');
    // Given, a missing KEK file is refused at start; at its default path it is created (artifact-kek.ts).
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY } }).usage.artifactKekFileGiven).toBe(false);
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_KEY_FILE: '/srv/site-a.json' } }).usage.artifactKekFileGiven).toBe(false);
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_ARTIFACT_KEK_FILE: '/keys/kek.json' } }).usage.artifactKekFileGiven).toBe(true);
    const kek = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_ARTIFACT_KEK: kek } }).usage.artifactKek).toBe(kek);
    const problems = problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_ARTIFACT_KEK: 'c2hvcnQ=' } }));
    expect(problems).toEqual([expect.stringMatching(/^usage.artifactKek.*: must be base64 of 32 random bytes/)]);
    expect(problems.join()).not.toContain('c2hvcnQ=');
  });

  it('should let the environment win over the file and the file over defaults', () => {
    const readFile = files({ 'c.json': JSON.stringify({ managementApi: { port: 9000, host: '0.0.0.0' }, store: { path: '/x.db' } }) });
    const c = loadConfig({ file: 'c.json', readFile, env: { KONTOR_API_KEY: KEY, KONTOR_MANAGEMENT_PORT: '9100' } });
    expect(c.managementApi.port).toBe(9100);
    expect(c.managementApi.host).toBe('0.0.0.0');
    expect(c.store.path).toBe('/x.db');
  });

  it('should take an empty environment variable as given: an empty list, or a problem naming the variable', () => {
    const readFile = files({ 'c.json': JSON.stringify({ log: { level: 'debug' }, outbound: { allowAddresses: ['10.1.0.0/16'] } }) });
    const c = loadConfig({ file: 'c.json', readFile, env: { KONTOR_API_KEY: KEY, KONTOR_OUTBOUND_ALLOW_ADDRESSES: '' } });
    expect(c.outbound.allowAddresses).toEqual([]);
    const problems = problemsOf(() => loadConfig({ file: 'c.json', readFile, env: { KONTOR_API_KEY: KEY, KONTOR_LOG_LEVEL: '', KONTOR_MANAGEMENT_PORT: '' } }));
    expect(problems).toEqual([
      "managementApi.port (KONTOR_MANAGEMENT_PORT): is empty: give KONTOR_MANAGEMENT_PORT a value, or unset it to use the config file's value or the default",
      "log.level (KONTOR_LOG_LEVEL): is empty: give KONTOR_LOG_LEVEL a value, or unset it to use the config file's value or the default",
    ]);
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: '' } }))).toContain(
      "managementApi.apiKey (KONTOR_API_KEY): is empty: give KONTOR_API_KEY a value, or unset it to use the config file's value or the default",
    );
  });

  it('should report every problem at once', () => {
    const readFile = files({ 'c.json': JSON.stringify({ bogus: 1, managementApi: { apiKey: 'in-file-secret-1234' } }) });
    const problems = problemsOf(() =>
      loadConfig({ file: 'c.json', readFile, env: { KONTOR_MANAGEMENT_PORT: 'eighty', KONTOR_STORE_KIND: 'mysql', KONTOR_STORE_MIGRATE: 'maybe' } }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'bogus (config file): unknown setting',
        expect.stringMatching(/^managementApi.apiKey: is a secret/),
        expect.stringMatching(/^managementApi.port \(KONTOR_MANAGEMENT_PORT\): must be an integer/),
        expect.stringMatching(/^store.kind \(KONTOR_STORE_KIND\): must be one of sqlite, postgres/),
        expect.stringMatching(/^store.migrate \(KONTOR_STORE_MIGRATE\): must be true or false/),
      ]),
    );
    // The key was given, in the wrong place: that is the problem, not a missing key.
    expect(problems).not.toContainEqual(expect.stringMatching(/^managementApi.apiKey: is required/));
  });

  it('should refuse a KONTOR_ variable that names no setting, naming it and the setting it most likely meant', () => {
    const problems = problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_STOER_KIND: 'postgres', KONTOR_FROBNICATE: '1' } }));
    expect(problems).toEqual([
      'KONTOR_FROBNICATE: is not a setting; docs/config.md lists them',
      'KONTOR_STOER_KIND: is not a setting (did you mean KONTOR_STORE_KIND?); docs/config.md lists them',
    ]);
    // The project's own test and bench variables (inherited by the connectors their runs start), and other prefixes, pass.
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_TEST_PG_URL: 'postgres://x', KONTOR_BENCH_ROUNDS: '3', KONTOR_DSP_SCHEMAS: '/dsp', KONTORX: '1', HOME: '/root' } });
    expect(c.store.kind).toBe('sqlite');
  });

  it('should require a store URL for postgres and a long enough API key', () => {
    const problems = problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: 'short', KONTOR_STORE_KIND: 'postgres' } }));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^store.url: is required/), expect.stringMatching(/at least 16/)]));
  });

  it('should refuse a PostgreSQL schema name that PostgreSQL would read as another name, naming the setting', () => {
    const pg = { KONTOR_API_KEY: KEY, KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'postgres://u@h/db', ...PG_SHARED };
    expect(loadConfig({ env: { ...pg, KONTOR_STORE_SCHEMA: 'site_a2' } }).store.schema).toBe('site_a2');
    for (const [name, why] of [
      ['SiteA', /lower case/],
      ['2site', /not starting with a digit/],
      ['site-a', /a-z, 0-9 and _/],
      ['pg_site', /reserved/],
      ['s'.repeat(64), /63 characters/],
    ] as const) {
      expect(
        problemsOf(() => loadConfig({ env: { ...pg, KONTOR_STORE_SCHEMA: name } })),
        name,
      ).toEqual([expect.stringMatching(new RegExp(`^store.schema: '${name}' is not usable: .*${why.source}`))]);
    }
    // SQLite has no schema: given there, it is refused (it would be ignored), not checked as a name
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_STORE_SCHEMA: 'Unused' } }))).toEqual([
      expect.stringMatching(/^store.schema: is used only with store.kind postgres/),
    ]);
  });

  it('should read secrets from files and never echo them in problems', () => {
    const readFile = files({ '/run/key': `${KEY}\n`, '/run/db': 'postgres://u:pw@h/db' });
    const c = loadConfig({ readFile, env: { KONTOR_API_KEY_FILE: '/run/key', KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL_FILE: '/run/db', ...PG_SHARED } });
    expect(c.managementApi.apiKey).toBe(KEY);
    expect(c.store.url).toBe('postgres://u:pw@h/db');
    const problems = problemsOf(() => loadConfig({ readFile, env: { KONTOR_API_KEY_FILE: '/nope' } }));
    expect(problems.join()).toContain('managementApi.apiKeyFile: cannot read the secret file: ENOENT');
  });

  it('should freeze the result', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY } });
    expect(Object.isFrozen(c.managementApi)).toBe(true);
  });

  it('should reject a config file that is not a JSON object', () => {
    const problems = problemsOf(() => loadConfig({ file: 'c.json', readFile: files({ 'c.json': '[1]' }), env: { KONTOR_API_KEY: KEY } }));
    expect(problems).toEqual(['c.json: the config file must hold a JSON object']);
  });
});

describe('loadConfig identity settings', () => {
  it('should parse trusted issuers, globally and per credential type', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_TRUSTED_ISSUERS: 'did:web:authority, MembershipCredential=did:key:z6Mk1,FrameworkCredential=did:key:z6Mk1' } });
    expect(c.identity.trustedIssuers).toEqual([{ did: 'did:web:authority' }, { did: 'did:key:z6Mk1', types: ['MembershipCredential', 'FrameworkCredential'] }]);
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_TRUSTED_ISSUERS: 'not-a-did' } }))).toEqual([
      "identity.trustedIssuers: 'not-a-did' is not a DID (or TYPE=DID)",
    ]);
  });

  it('should refuse the dev identity in production', () => {
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_IDENTITY_KIND: 'dev', NODE_ENV: 'production' } }))).toEqual([
      'identity.kind: dev identity is for tests only and is refused when NODE_ENV=production',
    ]);
  });

  it('should refuse the plain-HTTP allowances in production, and take them elsewhere', () => {
    const env = { KONTOR_API_KEY: KEY, KONTOR_DID_ALLOW_HTTP_LOOPBACK: 'true', KONTOR_WEBHOOKS_ALLOW_HTTP: 'true', KONTOR_DID_HTTP_HOSTS: 'site-a' };
    const why = 'allows plain HTTP, for development and tests only, and is refused when NODE_ENV=production';
    expect(problemsOf(() => loadConfig({ env: { ...env, NODE_ENV: 'production' } }))).toEqual([
      `did.allowHttpLoopback: ${why}`,
      `did.httpHosts: ${why}`,
      `webhooks.allowHttp: ${why}`,
    ]);
    expect(loadConfig({ env: { ...env, NODE_ENV: 'development' } }).did).toMatchObject({ allowHttpLoopback: true, httpHosts: ['site-a'] });
  });
});
