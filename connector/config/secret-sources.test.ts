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
