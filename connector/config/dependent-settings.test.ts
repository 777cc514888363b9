import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);
const KEK = Buffer.alloc(32, 4).toString('base64');

const problemsOf = (env: Record<string, string>, file?: Record<string, unknown>): string[] =>
  configProblems({ env: { KONTOR_API_KEY: KEY, ...env }, ...(file ? { file: 'c.json', readFile: () => JSON.stringify(file) } : {}) });

/** Docs-truth review items 1 and 2: a setting nothing reads is refused by name, not accepted and ignored. */
describe('settings read only with another setting', () => {
  it('should refuse the PostgreSQL settings on SQLite, naming each (the operator forgot store.kind postgres)', () => {
    const pg = { KONTOR_STORE_URL: 'postgres://u:STOREPW@h/db', KONTOR_STORE_SCHEMA: 'site_a', KONTOR_STORE_POOL_SIZE: '20' };
    const problems = problemsOf(pg);
    expect(problems).toEqual(['store.url', 'store.schema', 'store.poolSize'].map((key) => expect.stringMatching(new RegExp(`^${key}: is used only with store.kind postgres`))));
    expect(problems.join()).not.toContain('STOREPW');
    expect(problemsOf({}, { store: { schema: 'public' } })).toEqual([expect.stringMatching(/^store.schema: is used only with store.kind postgres/)]);
    const fromFile = configProblems({ env: { KONTOR_API_KEY: KEY, KONTOR_STORE_URL_FILE: '/run/db' }, readFile: () => 'postgres://h/db' });
    expect(fromFile).toEqual([expect.stringMatching(/^store.urlFile: is used only with store.kind postgres/)]);
    expect(problemsOf({ ...pg, KONTOR_STORE_KIND: 'postgres', KONTOR_IDENTITY_KIND: 'dev', KONTOR_PUBLIC_HOST: '127.0.0.1' })).toEqual([]);
    // A store.kind that is itself refused says nothing about which store was meant.
    expect(problemsOf({ ...pg, KONTOR_STORE_KIND: 'mysql' })).toEqual([expect.stringMatching(/^store.kind \(KONTOR_STORE_KIND\): must be one of/)]);
  });

  it('should refuse the SQLite settings on PostgreSQL, naming each, from the environment, the file or an override', () => {
    const pg = { KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'postgres://u@h/db', KONTOR_IDENTITY_KIND: 'dev', KONTOR_PUBLIC_HOST: '127.0.0.1' };
    const refusal = (key: string) => expect.stringMatching(new RegExp(`^${key}: is used only with store.kind sqlite`));
    const sqliteOnly = { KONTOR_STORE_PATH: '/var/lib/kontor/kontor.db', KONTOR_STORE_BUSY_TIMEOUT_MS: '20', KONTOR_STORE_LOCK_WAIT_MS: '1000' };
    expect(problemsOf({ ...pg, ...sqliteOnly })).toEqual(['store.path', 'store.busyTimeoutMs', 'store.lockWaitMs'].map(refusal));
    expect(problemsOf(pg, { store: { path: './data/kontor.db' } })).toEqual([refusal('store.path')]);
    const override = configProblems({ env: { KONTOR_API_KEY: KEY, ...pg }, overrides: { 'store.lockWaitMs': 3000 } });
    expect(override).toEqual([refusal('store.lockWaitMs')]);
    // Left at their defaults they trip nothing; on SQLite they are read.
    expect(problemsOf(pg)).toEqual([]);
    expect(problemsOf(sqliteOnly)).toEqual([]);
    // A store.kind that is itself refused says nothing about which store was meant.
    expect(problemsOf({ ...sqliteOnly, KONTOR_STORE_KIND: 'mysql' })).toEqual([expect.stringMatching(/^store.kind \(KONTOR_STORE_KIND\): must be one of/)]);
  });

  it('should refuse a P-256 key file for an Ed25519 authority, a KEK file beside the KEK, and a trainer timeout without a trainer', () => {
    expect(problemsOf({ KONTOR_AUTHORITY_P256_KEY_FILE: '/k/p256.json' })).toEqual([expect.stringMatching(/^authority.p256KeyFile: is used only with authority.keyType P-256/)]);
    expect(problemsOf({ KONTOR_AUTHORITY_P256_KEY_FILE: '/k/p256.json', KONTOR_AUTHORITY_KEY_TYPE: 'P-256', KONTOR_AUTHORITY_CREDENTIAL_FORMAT: 'vc20-bssl/jwt' })).toEqual([]);
    expect(problemsOf({ KONTOR_ARTIFACT_KEK_FILE: '/k/kek.json', KONTOR_ARTIFACT_KEK: KEK })).toEqual([
      expect.stringMatching(/^usage.artifactKekFile: keeps a generated key-encryption key and is used only when usage.artifactKek is unset/),
    ]);
    expect(problemsOf({ KONTOR_ARTIFACT_KEK_FILE: '/k/kek.json' })).toEqual([]);
    expect(problemsOf({ KONTOR_TRAINING_LOCAL_TRAINER_TIMEOUT_MS: '1000' })).toEqual([
      expect.stringMatching(/^training.localTrainerTimeoutMs: is used only with training.localTrainer/),
    ]);
    expect(problemsOf({ KONTOR_TRAINING_LOCAL_TRAINER_TIMEOUT_MS: '1000', KONTOR_TRAINING_LOCAL_TRAINER: 'python3,/opt/trainer.py' })).toEqual([]);
  });

  it('should refuse the federation directory without the DCP identity and the authority it reads', () => {
    const refusal = expect.stringMatching(/^catalog.federation.directory: needs identity.kind dcp and identity.authorityUrl/);
    expect(problemsOf({ KONTOR_FEDERATION_DIRECTORY: 'true' })).toEqual([refusal]);
    expect(problemsOf({ KONTOR_FEDERATION_DIRECTORY: 'true', KONTOR_IDENTITY_KIND: 'dev', KONTOR_PUBLIC_HOST: '127.0.0.1' })).toEqual([refusal]);
    expect(problemsOf({ KONTOR_FEDERATION_DIRECTORY: 'true', KONTOR_AUTHORITY_URL: 'https://authority.example' })).toEqual([]);
    expect(problemsOf({ KONTOR_FEDERATION_DIRECTORY: 'false', KONTOR_IDENTITY_KIND: 'dev', KONTOR_PUBLIC_HOST: '127.0.0.1' })).toEqual([]);
  });
});
