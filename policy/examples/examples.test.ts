import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine, validatePolicy } from '../index.js';

const dir = new URL('.', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (f: string): unknown => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));

describe('example policies', () => {
  it('has examples', () => expect(files.length).toBeGreaterThanOrEqual(3));
  it.each(files)('%s validates', (f) => {
    expect(validatePolicy(load(f))).toEqual({ valid: true, problems: [] });
  });
  it.each(files)('%s parses with the default engine', (f) => {
    expect(() => createPolicyEngine().parse(load(f))).not.toThrow();
  });
});
