import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const PG = { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'postgres://u@h/db' };
const SECRET = 'd'.repeat(32);
const KEK = Buffer.alloc(32, 4).toString('base64');

/** Docs-truth review item 3: `kontor config` refuses what `kontor start` refuses, before the database is touched. */
describe('the secrets replicas share, on PostgreSQL with the DCP identity', () => {
  it('should require dataPlane.tokenSecret and usage.artifactKek when loading the configuration, naming each', () => {
    expect(configProblems({ env: PG })).toEqual([
      expect.stringMatching(/^dataPlane.tokenSecret: is required on PostgreSQL with identity.kind dcp: set it \(KONTOR_DATA_TOKEN_SECRET or KONTOR_DATA_TOKEN_SECRET_FILE\)/),
      expect.stringMatching(/^usage.artifactKek: is required on PostgreSQL with identity.kind dcp: set it \(KONTOR_ARTIFACT_KEK or KONTOR_ARTIFACT_KEK_SECRET_FILE\)/),
    ]);
    expect(configProblems({ env: { ...PG, KONTOR_DATA_TOKEN_SECRET: SECRET } })).toEqual([expect.stringMatching(/^usage.artifactKek: is required/)]);
    expect(configProblems({ env: { ...PG, KONTOR_DATA_TOKEN_SECRET: SECRET, KONTOR_ARTIFACT_KEK: KEK } })).toEqual([]);
    const fromFiles = { KONTOR_DATA_TOKEN_SECRET_FILE: '/run/token', KONTOR_ARTIFACT_KEK_SECRET_FILE: '/run/kek' };
    expect(configProblems({ env: { ...PG, ...fromFiles }, readFile: (p) => (p === '/run/kek' ? KEK : SECRET) })).toEqual([]);
  });

  // Upgrade review item 1: a store an older build sealed under its generated KEK file is read with that file, not a new key.
  it('should take a KEK file named explicitly as the shared KEK, and say to give the generated one a store was used with', () => {
    const withSecret = { ...PG, KONTOR_DATA_TOKEN_SECRET: SECRET, KONTOR_KEY_FILE: '/srv/keys.json' };
    expect(configProblems({ env: { ...withSecret, KONTOR_ARTIFACT_KEK_FILE: '/srv/keys.artifact-kek.json' } })).toEqual([]);
    const [problem] = configProblems({ env: withSecret });
    expect(problem).toContain('or name a KEK file with usage.artifactKekFile (KONTOR_ARTIFACT_KEK_FILE), the same on every replica of the schema');
    expect(problem).toContain(
      'If this store was used before with a generated KEK file (by default /srv/keys.artifact-kek.json), give that file as usage.artifactKekFile, or its keys[0].key as usage.artifactKek, not a new key',
    );
    // Given one way only: the file beside the secret is still refused, naming it.
    expect(configProblems({ env: { ...withSecret, KONTOR_ARTIFACT_KEK: KEK, KONTOR_ARTIFACT_KEK_FILE: '/srv/k.json' } })).toEqual([
      expect.stringMatching(/^usage.artifactKekFile: keeps a generated key-encryption key and is used only when usage.artifactKek is unset/),
    ]);
  });

  it('should ask a command that only reads the store (kontor audit verify) for neither the API key nor the shared secrets', () => {
    const { KONTOR_API_KEY: _, ...withoutKey } = PG;
    expect(configProblems({ env: withoutKey, role: 'store-reader' })).toEqual([]);
    expect(configProblems({ env: { ...withoutKey, KONTOR_API_KEY: 'short' }, role: 'store-reader' })).toEqual(['managementApi.apiKey: must be at least 16 characters']);
  });

  it('should leave SQLite, the development identity and the authority (which has no data plane) to their defaults', () => {
    expect(configProblems({ env: { KONTOR_API_KEY: 'k'.repeat(24) } })).toEqual([]);
    expect(configProblems({ env: { ...PG, KONTOR_IDENTITY_KIND: 'dev', KONTOR_PUBLIC_HOST: '127.0.0.1' } })).toEqual([]);
    expect(configProblems({ env: PG, role: 'authority' })).toEqual([]);
  });
});
