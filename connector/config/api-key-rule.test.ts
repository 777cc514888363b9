import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { apiKeyProblem } from './api-key-rule.js';

const WEAK = 'is too weak for NODE_ENV=production';
const HEX = '3f9a0c41d2b87e65a0c4f1e9b3d7285c6e0a9f1b4c2d7e38'; // what `openssl rand -hex 24` prints

/** Review item 5: a trivially weak API key (`aaaaaaaaaaaaaaaa`) was accepted in production. */
describe('the management API key in production', () => {
  it.each([
    ['one character repeated', 'a'.repeat(16), 1],
    ['a short pattern repeated', '1234'.repeat(8), 4],
    ['nine distinct characters', 'abcdefghi'.repeat(2), 9],
  ])('should refuse %s, naming the rule and how to make one', (_, key, distinct) => {
    const problem = apiKeyProblem(key, 'production');
    expect(problem).toContain(`${WEAK}: it has ${distinct} distinct character`);
    expect(problem).toContain('at least 10 are needed; generate one with `openssl rand -hex 24`');
    expect(problem).not.toContain(key);
  });

  it('should take a random hex key, ten distinct characters, and keep development and test as they were', () => {
    expect(apiKeyProblem(HEX, 'production')).toBeUndefined();
    expect(apiKeyProblem('abcdefghij'.repeat(2), 'production')).toBeUndefined();
    for (const env of ['development', 'test']) expect(apiKeyProblem('a'.repeat(16), env)).toBeUndefined();
    expect(apiKeyProblem('a'.repeat(15), 'development')).toBe('must be at least 16 characters');
  });

  it('should make `kontor config` and `kontor start` (loadConfig) refuse it, for the connector and the authority', () => {
    for (const role of ['connector', 'authority'] as const) {
      const problems = configProblems({ env: { KONTOR_API_KEY: 'a'.repeat(16), NODE_ENV: 'production' }, role });
      expect(problems.filter((p) => p.startsWith('managementApi.apiKey:'))).toEqual([expect.stringContaining(WEAK)]);
      expect(problems.join()).not.toContain('a'.repeat(16));
      expect(configProblems({ env: { KONTOR_API_KEY: HEX, NODE_ENV: 'production' }, role }).filter((p) => p.startsWith('managementApi.apiKey'))).toEqual([]);
      expect(configProblems({ env: { KONTOR_API_KEY: 'a'.repeat(16) }, role })).toEqual([]);
    }
  });
});
