import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

/** Files allowed past 300 lines, each with its reason. Keep this list short. */
const ALLOWED_LARGE: Record<string, string> = {};
const LIMIT = 300;

describe('file-size budget', () => {
  it(`should keep hand-written source files under ${LIMIT} lines`, () => {
    const big = sourceFiles()
      .filter((f) => !f.isTest && !f.isGenerated && !(f.path in ALLOWED_LARGE))
      .map((f) => ({ path: f.path, lines: f.text.split('\n').length }))
      .filter((f) => f.lines > LIMIT);
    expect(big).toEqual([]);
  });

  it('should keep the median file small (about 60 lines is the target)', () => {
    const sizes = sourceFiles()
      .filter((f) => !f.isTest && !f.isGenerated)
      .map((f) => f.text.split('\n').length)
      .sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThanOrEqual(100);
  });
});
