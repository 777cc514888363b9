import { describe, expect, it } from 'vitest';
import { checkFileAddress } from './file-address.js';

const pointers = (address: Record<string, unknown>) => {
  try {
    checkFileAddress(address);
    return [];
  } catch (e) {
    return (e as { violations: { pointer: string }[] }).violations.map((v) => v.pointer);
  }
};

describe('File data addresses', () => {
  it('should take a path and nothing else', () => {
    expect(pointers({ type: 'File', path: 'sub/x.csv' })).toEqual([]);
  });

  it('should refuse every option it does not honour, and a missing or empty path, naming each', () => {
    expect(pointers({ type: 'File', path: 'x.csv', bogus: '1', 'a/b': 2 })).toEqual(['/dataAddress/bogus', '/dataAddress/a~1b']);
    expect(pointers({ type: 'File' })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'File', path: '' })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'File', path: 7 })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'File', path: 'x\0y' })).toEqual(['/dataAddress/path']);
  });
});
