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

  it('should leave SQLite, the development identity and the authority (which has no data plane) to their defaults', () => {
    expect(configProblems({ env: { KONTOR_API_KEY: 'k'.repeat(24) } })).toEqual([]);
    expect(configProblems({ env: { ...PG, KONTOR_IDENTITY_KIND: 'dev', KONTOR_PUBLIC_HOST: '127.0.0.1' } })).toEqual([]);
    expect(configProblems({ env: PG, role: 'authority' })).toEqual([]);
  });
});
