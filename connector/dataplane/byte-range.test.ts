import { describe, expect, it } from 'vitest';
import { byteRange } from './byte-range.js';

describe('byteRange', () => {
  it.each([
    ['bytes=0-3', { start: 0, end: 3 }],
    ['bytes=4-', { start: 4, end: 9 }],
    ['bytes=5-99999', { start: 5, end: 9 }],
    ['bytes=-3', { start: 7, end: 9 }],
    ['bytes=-50', { start: 0, end: 9 }],
    ['bytes=9-9', { start: 9, end: 9 }],
  ])('should serve %s of 10 bytes', (range, expected) => {
    expect(byteRange(range, undefined, 10)).toEqual(expected);
  });

  it('should serve the whole resource without Range, or with an If-Range it cannot confirm', () => {
    expect(byteRange(undefined, undefined, 10)).toBeUndefined();
    expect(byteRange('bytes=0-3', '"v1"', 10)).toBeUndefined();
  });

  it.each([['bytes=10-'], ['bytes=99999-'], ['bytes=3-1'], ['bytes=-0'], ['bytes=-'], ['bytes=0-1,4-5'], ['items=0-1'], ['bytes=a-b'], ['bytes=1234567890123456-']])(
    'should refuse %s of 10 bytes with 416 and the complete length',
    (range) => {
      expect(() => byteRange(range, undefined, 10)).toThrow(expect.objectContaining({ code: 'RANGE_NOT_SATISFIABLE', extensions: { completeLength: 10 } }));
    },
  );

  it('should refuse every range of an empty resource', () => {
    expect(() => byteRange('bytes=0-', undefined, 0)).toThrow(expect.objectContaining({ code: 'RANGE_NOT_SATISFIABLE' }));
    expect(() => byteRange('bytes=-1', undefined, 0)).toThrow(expect.objectContaining({ code: 'RANGE_NOT_SATISFIABLE' }));
  });
});
