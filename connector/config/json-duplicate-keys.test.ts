import { describe, expect, it } from 'vitest';
import { jsonDuplicateKeys } from './json-duplicate-keys.js';

describe('jsonDuplicateKeys', () => {
  it('should name each member given twice in one object by its dotted path', () => {
    expect(jsonDuplicateKeys('{"a":1,"a":2}')).toEqual(['a']);
    expect(jsonDuplicateKeys('{"log":{"level":"x","level":"y"},"b":[{"c":1,"c":2}]}')).toEqual(['log.level', 'b.c']);
  });

  it('should not mistake equal names in different objects, strings that look like names, or escapes', () => {
    expect(jsonDuplicateKeys('{"a":{"x":1},"b":{"x":1},"c":["a","a"],"d":"a:"}')).toEqual([]);
    expect(jsonDuplicateKeys('{"q\\"":1,"q":2,"e":"\\\\","f":1}')).toEqual([]);
    expect(jsonDuplicateKeys('{"\\u0061":1,"a":2}')).toEqual(['a']);
  });
});
