import { loadConfig } from './load-config.js';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);

const problemsOf = (path: string): string[] => configProblems({ env: { KONTOR_API_KEY: KEY, KONTOR_DSP_BASE_PATH: path } });

describe('dsp.basePath', () => {
  it('should refuse a path without a leading /, with a trailing /, or with characters a path segment cannot hold, naming the setting', () => {
    for (const [path, why] of [
      ['nopath', "'nopath' does not start with '/'"],
      ['/api/dsp/', "'/api/dsp/' ends with '/'"],
      ['/', "'/' is the root"],
      ['//dsp', "'//dsp' has an empty segment"],
      ['/api/../dsp', "'/api/../dsp' has a '.' or '..' segment"],
      ['/api/:id', 'has a character other than letters, digits, - . _ ~'],
      ['/api dsp', 'has a character other than letters, digits, - . _ ~'],
      ['/api?x=1', 'has a character other than letters, digits, - . _ ~'],
    ] as const) {
      const problems = problemsOf(path);
      expect(problems, path).toHaveLength(1);
      expect(problems[0], path).toMatch(/^dsp\.basePath: .*\(KONTOR_DSP_BASE_PATH\)$/);
      expect(problems[0], path).toContain(why);
    }
  });

  it('should take a path as given', () => {
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY } }).dsp.basePath).toBe('/api/dsp');
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_DSP_BASE_PATH: '/v1/dsp-2025_1.x~' } }).dsp.basePath).toBe('/v1/dsp-2025_1.x~');
  });
});
