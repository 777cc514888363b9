import { describe, expect, it } from 'vitest';
import { checkFileAddress } from './file-address.js';

const ROOT = '/srv/kontor-data';
const violations = (address: Record<string, unknown>, root: { fileRoot: string | undefined } = { fileRoot: ROOT }) => {
  try {
    checkFileAddress(address, root.fileRoot);
    return [];
  } catch (e) {
    return (e as { violations: { pointer: string; message: string }[] }).violations;
  }
};
const pointers = (address: Record<string, unknown>) => {
  try {
    checkFileAddress(address, ROOT);
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

  it('should take a path only below the data root, checked lexically, and none without a root', () => {
    for (const path of ['x.csv', 'sub/../x.csv', './sub/x.csv', `${ROOT}/sub/x.csv`, '..x.csv', 'sub/..x']) expect([path, violations({ type: 'File', path })]).toEqual([path, []]);
    for (const path of ['/etc/passwd', '../../../etc/passwd', '..', 'sub/../../x.csv', `${ROOT}/../x.csv`, `${ROOT}-other/x.csv`, '.', ROOT]) {
      const found = violations({ type: 'File', path });
      expect([path, found.map((v) => v.pointer)]).toEqual([path, ['/dataAddress/path']]);
      expect(found[0]?.message).toMatch(/data root/);
      expect(found[0]?.message).not.toContain(ROOT);
    }
    const unset = violations({ type: 'File', path: 'x.csv' }, { fileRoot: undefined });
    expect(unset.map((v) => v.pointer)).toEqual(['/dataAddress/path']);
    expect(unset[0]?.message).toMatch(/need the setting dataPlane\.fileRoot/);
  });
});
