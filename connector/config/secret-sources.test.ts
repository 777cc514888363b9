import { loadConfig } from './load-config.js';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { CONFIG_SCHEMA } from './config-schema.js';

const KEY = 'k'.repeat(24);
const readFile = () => 'secret-from-the-file-0123456789abcdef';

const problemsOf = (env: Record<string, string>): string[] => configProblems({ env: { KONTOR_API_KEY: KEY, ...env }, readFile });

describe('a secret and its file form', () => {
  const secrets = CONFIG_SCHEMA.filter((s) => s.secret);

  it('should refuse both at once for every secret, naming both, and never show the secret', () => {
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      const fileEnv = s.secret?.fileEnv as string;
      const problems = problemsOf({ [s.env]: 'given-in-the-environment-0123456789', [fileEnv]: '/run/secrets/x' });
      expect(problems, s.key).toContain(`${s.key} (${s.env}): and ${s.secret?.fileKey} (${fileEnv}) are both set: give the secret one way`);
      expect(problems.join('\n')).not.toContain('given-in-the-environment');
    }
  });

  it('should refuse both even when the file cannot be read (the file form is not dropped)', () => {
    expect(problemsOf({ KONTOR_API_KEY_FILE: '/nonexistent' })).toContain(
      'managementApi.apiKey (KONTOR_API_KEY): and managementApi.apiKeyFile (KONTOR_API_KEY_FILE) are both set: give the secret one way',
    );
  });

  it('should read the secret from its file alone', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY_FILE: '/run/secrets/api-key' }, readFile });
    expect(c.managementApi.apiKey).toBe('secret-from-the-file-0123456789abcdef');
  });
});

describe('a secret given wrongly is that one problem, never also "is required"', () => {
  // Every secret a connector on PostgreSQL with the DCP identity requires, given inline; each case takes one away.
  const REQUIRED = {
    KONTOR_API_KEY: KEY,
    KONTOR_STORE_KIND: 'postgres',
    KONTOR_STORE_URL: 'postgres://u@h/db',
    KONTOR_DATA_TOKEN_SECRET: 'd'.repeat(32),
    KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 3).toString('base64'),
  };
  const failing = (code: string) => Object.assign(new Error(`${code}: cannot read`), { code });
  const files: Record<string, () => string> = {
    '/run/secrets/missing': () => {
      throw failing('ENOENT');
    },
    '/run/secrets': () => {
      throw failing('EISDIR');
    },
    '/run/secrets/empty': () => '\n',
  };
  const nested = (key: string, value: unknown): Record<string, unknown> =>
    key.split('.').reduceRight<Record<string, unknown>>((inner, part) => ({ [part]: inner }), value as Record<string, unknown>);
  const secrets = CONFIG_SCHEMA.filter((s) => s.secret);
  const without = (env: string) => Object.fromEntries(Object.entries(REQUIRED).filter(([name]) => name !== env));

  it('should name only the secret file that is missing, a directory or empty, for every secret', () => {
    expect(configProblems({ env: REQUIRED })).toEqual([]);
    for (const s of secrets) {
      const fileKey = s.secret?.fileKey as string;
      for (const [path, reason] of [
        ['/run/secrets/missing', 'cannot read the secret file: ENOENT'],
        ['/run/secrets', 'cannot read the secret file: EISDIR'],
        ['/run/secrets/empty', 'the secret file is empty'],
      ]) {
        const problems = configProblems({ env: { ...without(s.env), [s.secret?.fileEnv as string]: path }, readFile: (p) => (files[p] as () => string)() });
        expect(problems, `${s.key} ${path}`).toEqual([`${fileKey}: ${reason}`]);
      }
      const empty = configProblems({ env: { ...without(s.env), [s.secret?.fileEnv as string]: '' } });
      expect(empty, `${s.key} empty file setting`).toEqual([expect.stringMatching(new RegExp(`^${fileKey} \\(${s.secret?.fileEnv}\\): is empty`))]);
    }
  });

  it('should say only that a secret does not belong in the config file, for every secret, though it is then unset', () => {
    for (const s of secrets) {
      const readFile = (p: string) => (p === 'c.json' ? JSON.stringify(nested(s.key, 'a-secret-in-the-config-file-0123456789')) : '');
      const problems = configProblems({ file: 'c.json', env: without(s.env), readFile });
      expect(problems, s.key).toEqual([`${s.key}: is a secret: set ${s.env} or ${s.secret?.fileKey}, not the config file`]);
    }
  });
});
