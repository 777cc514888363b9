import { describe, expect, it } from 'vitest';
import { jsonInputProblem, urlInputProblem } from './json-input.js';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { and: value } : [value];
  return value;
};

describe('JSON input at the edge', () => {
  it('should accept ordinary bodies, NUL-free, up to the depth limit', () => {
    expect(jsonInputProblem({ id: 'a', list: [1, 'b', null, { c: true }] })).toBeUndefined();
    expect(jsonInputProblem(nested(128))).toBeUndefined();
    expect(jsonInputProblem(undefined)).toBeUndefined();
  });

  it('should refuse a NUL in any string or key', () => {
    expect(jsonInputProblem({ a: [{ b: 'x\u0000y' }] })).toMatch(/NUL/);
    expect(jsonInputProblem({ 'k\u0000': 1 })).toMatch(/NUL/);
  });

  it('should refuse hostile depth without overflowing its own stack', () => {
    expect(jsonInputProblem(nested(129))).toMatch(/deeper than 128/);
    expect(jsonInputProblem(nested(200_000))).toMatch(/deeper than 128/);
  });

  it('should refuse a NUL in the URL, raw or encoded', () => {
    expect(urlInputProblem('/api/v1/assets/a%00b')).toMatch(/NUL/);
    expect(urlInputProblem('/x?q=%00')).toMatch(/NUL/);
    expect(urlInputProblem('/api/v1/assets/a%2500')).toBeUndefined();
  });
});
