import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonInputLimits, jsonInputProblem } from './json-input.js';
import { jsonTextProblem, jsonTextRefusal } from './json-text-limits.js';

const wide = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { and: value } : [value];
  return value;
};

/** The reference: members and items of a parsed value (array numbers left out when `free`), and its nesting depth. */
function measure(value: unknown, free: boolean): { members: number; depth: number } {
  if (typeof value !== 'object' || value === null) return { members: 0, depth: 0 };
  const entries = Array.isArray(value) ? value.filter((item) => !(free && typeof item === 'number')) : Object.values(value);
  const inner = (Array.isArray(value) ? value : entries).map((item) => measure(item, free));
  return { members: entries.length + inner.reduce((n, m) => n + m.members, 0), depth: 1 + Math.max(0, ...inner.map((m) => m.depth)) };
}

/** Keys and strings with what needs escaping or pointer-escaping (quotes, backslashes, `/`, `~`, controls, brackets); no NUL, no integer-like key. */
const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '"', '\\', '/', '~', '\n', '\u0001', '[', ']', '{', '}', ',', ':', ' ') });
const key = text.filter((k) => !/^(0|[1-9]\d*)$/.test(k));
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('json'), { maxLength: 6 }),
  object: fc.dictionary(key, tie('json'), { maxKeys: 6 }),
}));
const spacing = fc.constantFrom<string | number | undefined>(undefined, 1, '\t', '\r\n ');

describe('JSON text limits, before parsing', () => {
  it('should count exactly the members and items, and the depth, the reference counts on random JSON', () => {
    fc.assert(
      fc.property(json, spacing, fc.boolean(), (value, space, free) => {
        const written = JSON.stringify(value, null, space);
        const { members, depth } = measure(value, free);
        const loose = { maxDepth: 10_000, maxMembers: 1_000_000, freeNumberItems: free };
        expect(jsonTextProblem(written, { ...loose, maxMembers: members })).toBeUndefined();
        if (members > 0) expect(jsonTextProblem(written, { ...loose, maxMembers: members - 1 })).toMatch(`more than ${members - 1} object members`);
        expect(jsonTextProblem(written, { ...loose, maxDepth: depth })).toBeUndefined();
        if (depth > 0) expect(jsonTextProblem(written, { ...loose, maxDepth: depth - 1 })).toBe(`the body nests deeper than ${depth - 1} levels`);
      }),
      { numRuns: 400 },
    );
  });

  it('should give the verdict the parsed check gives, the place where a cap was passed included', () => {
    fc.assert(
      fc.property(json, spacing, fc.nat(40), fc.nat(8), fc.boolean(), (value, space, maxMembers, maxDepth, freeNumberItems) => {
        const limits: JsonInputLimits = { maxMembers, maxDepth, freeNumberItems };
        expect(jsonTextProblem(JSON.stringify(value, null, space), limits)).toBe(jsonInputProblem(value, limits));
      }),
      { numRuns: 400 },
    );
  });

  it('should refuse what the parsed check refuses, naming the same place, on the edge cases of the parsed check', () => {
    const cases: [unknown, JsonInputLimits?][] = [
      [wide(10_000)],
      [wide(10_001)],
      [{ a: wide(4_999), b: [[...Array(5_000).keys()]] }],
      [Array.from({ length: 20_000 }, () => ({}))],
      [{ round: 1, global: Array.from({ length: 20_000 }, (_, i) => i / 7) }],
      [{ round: 1, global: Array.from({ length: 20_000 }, (_, i) => -i / 7) }, { freeNumberItems: true }],
      [{ global: Array.from({ length: 10_001 }, () => '1') }, { freeNumberItems: true }],
      [{ [`~/"\\${'x'.repeat(300)}`]: wide(10_000) }],
      [nested(128)],
      [nested(129)],
      [wide(11), { maxMembers: 10 }],
    ];
    for (const [value, limits] of cases) expect(jsonTextProblem(JSON.stringify(value), limits)).toBe(jsonInputProblem(value, limits));
    expect(jsonTextProblem(`${'[{"a":'.repeat(100_000)}0`)).toBe('the body nests deeper than 128 levels'); // JSON.stringify cannot write it
  });

  it('should leave text whose structure breaks before a cap to the parser, and refuse past a cap whatever follows', () => {
    const items = (n: number) => Array.from({ length: n }, () => '0').join(',');
    expect(jsonTextProblem(`[0,,${items(20_000)}]`)).toBeUndefined();
    expect(jsonTextProblem(`{"a" 1, ${items(20_000)}}`)).toBeUndefined();
    expect(jsonTextProblem(`["open, ${items(20_000)}]`)).toBeUndefined();
    expect(jsonTextProblem(`[${items(10_001)},,,`)).toMatch(/more than 10000 .* at \/10000$/);
    expect(jsonTextProblem(`{"a":[${items(10_000)}]} trailing`)).toMatch(/at \/a\/9999$/);
    expect(jsonTextProblem('')).toBeUndefined();
    expect(jsonTextProblem('  "x" ')).toBeUndefined();
    expect(jsonTextProblem(`[${items(10_001)}]`, { freeNumberItems: true })).toBeUndefined();
    // Member counts are of the text as written: a key given twice counts twice (the parser keeps one); the cap is
    // checked before the repeated name (which is refused too, below).
    expect(jsonTextProblem('{"a":1,"a":2,"a":3}', { maxMembers: 1 })).toMatch(/more than 1 .* at \/a$/);
  });

  it('should refuse an object that gives a member name twice, naming the second by its JSON pointer', () => {
    const twice = (at: string) => ({ detail: `the body gives the member ${at} twice: each name may appear once in an object`, duplicate: at });
    expect(jsonTextRefusal('{"id":"dupkey","id":"dupkey2"}')).toEqual(twice('/id'));
    expect(jsonTextRefusal('{"a":{"b":[1,{"x":1,"y":2,"x":3}]}}')).toEqual(twice('/a/b/1/x'));
    // One name however it is escaped (JSON.parse reads both as "a"); pointer escapes as RFC 6901 writes them.
    expect(jsonTextRefusal('{"a":1, "\\u0061" : 2}')).toEqual(twice('/a'));
    expect(jsonTextRefusal('{"~/":1,"~/":2}')).toEqual(twice('/~0~1'));
    // The same name in two objects, or an array's items alike, are no repeat; nor is "A" beside "a".
    expect(jsonTextRefusal('{"a":{"a":1},"b":{"a":2},"c":[{"a":1},{"a":1}],"A":0}')).toBeUndefined();
    expect(jsonTextRefusal('[1,1,"a","a"]')).toBeUndefined();
    // A repeat is found in document order, before text that breaks further on.
    expect(jsonTextRefusal('{"a":1,"a":2,,')).toEqual(twice('/a'));
    expect(jsonTextProblem('{"a":1,"a":2}')).toBe(twice('/a').detail);
  });
});
