import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  policy: ['core'],
  catalog: ['policy', 'core'],
  connector: ['catalog', 'policy', 'core'],
  examples: ['connector', 'catalog', 'policy', 'core'],
  bench: ['connector', 'catalog', 'policy', 'core', 'examples', 'test'],
  console: [], // the web console runs in the browser: it reaches the connector only over HTTP
};
const files = sourceFiles().filter((f) => !f.isTest);
const importsOf = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] ?? '');

describe('import rules', () => {
  it('should point one way: policy → core; catalog → policy, core; connector → all three', () => {
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file.text)) {
        const target = normalize(join(dirname(file.path), spec)).split('/')[0] ?? '';
        if (target !== file.top && !(ALLOWED[file.top] ?? []).includes(target)) bad.push(`${file.path} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('should reach core, policy and catalog from other folders only through their index.ts', () => {
    const bad: string[] = [];
    for (const file of files.filter((f) => f.top !== 'bench')) {
      for (const spec of importsOf(file.text)) {
        const target = normalize(join(dirname(file.path), spec));
        const top = target.split('/')[0] ?? '';
        if (top !== file.top && ['core', 'policy', 'catalog'].includes(top) && target !== `${top}/index.js`) bad.push(`${file.path} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('should read process.env only in the configuration loader', () => {
    const readers = files.filter((f) => /process\.env\b/.test(f.text)).map((f) => f.path);
    expect(readers).toEqual(['connector/config/load-config.ts']);
  });

  it('should read the wall clock only in core/clock.ts', () => {
    const readers = files.filter((f) => /Date\.now\(\)|new Date\(\)/.test(f.text)).map((f) => f.path);
    expect(readers).toEqual(['core/clock.ts']);
  });
});
