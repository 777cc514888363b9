import { describe, expect, it } from 'vitest';
import { jsonInputProblem, MAX_JSON_MEMBERS, urlInputProblem } from './json-input.js';

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

describe('JSON input width at the edge', () => {
  const wide = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

  it('should accept up to MAX_JSON_MEMBERS object members and array items in all, and refuse one more, naming the cap and where', () => {
    expect(MAX_JSON_MEMBERS).toBe(10_000);
    expect(jsonInputProblem(wide(10_000))).toBeUndefined();
    expect(jsonInputProblem({ a: wide(4_998), b: Array.from({ length: 5_000 }, () => 'x') })).toBeUndefined(); // 2 + 4,998 + 5,000
    expect(jsonInputProblem(wide(10_001))).toBe('the body has more than 10000 object members and array items (counted over the whole body); the limit was passed at /k10000');
    // In document order, as the text scan counts: a (1), its 4,999 members (5,000), b (5,001), b's array (5,002), then
    // that array's items: the one at index 4,998 is the 10,001st.
    expect(jsonInputProblem({ a: wide(4_999), b: [[...Array(5_000).keys()]] })).toMatch(/more than 10000 .* at \/b\/0\/4998$/);
    expect(jsonInputProblem(Array.from({ length: 200_000 }, () => ({})))).toMatch(/more than 10000 .* at \/10000$/);
  });

  it('should take a route cap of its own, and leave numbers in arrays uncounted where the route says so', () => {
    expect(jsonInputProblem(wide(20_000), { maxMembers: 20_000 })).toBeUndefined();
    expect(jsonInputProblem(wide(11), { maxMembers: 10 })).toMatch(/more than 10 object members/);
    const parameters = { round: 1, global: Array.from({ length: 1_000_000 }, (_, i) => i / 7) };
    expect(jsonInputProblem(parameters)).toMatch(/more than 10000 .* at \/global\/9998$/);
    expect(jsonInputProblem(parameters, { freeNumberItems: true })).toBeUndefined();
    expect(jsonInputProblem({ global: Array.from({ length: 10_001 }, () => '1') }, { freeNumberItems: true })).toMatch(/more than 10000/);
    expect(jsonInputProblem({ rows: [wide(10_000)] }, { freeNumberItems: true })).toMatch(/more than 10000/); // only array items are free
  });

  it('should name where the cap was passed in a bounded number of characters', () => {
    const long = 'x'.repeat(100_000);
    const problem = jsonInputProblem({ [long]: wide(10_000) }) ?? '';
    expect(problem).toMatch(/the limit was passed at \/x+…$/);
    expect(problem.length).toBeLessThan(400);
  });
});
