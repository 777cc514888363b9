import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileSource } from './file-source.js';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kontor-file-source-'));
  root = join(base, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'sub', 'ok.txt'), 'inside');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const signal = new AbortController().signal;
const read = async (path: string) => {
  const source = await openFileSource(path, root, signal);
  let text = '';
  for await (const chunk of source.stream) text += String(chunk);
  return { text, size: source.size };
};

describe('openFileSource', () => {
  it('should stream a file inside the data root, by relative or absolute path', async () => {
    expect(await read('sub/ok.txt')).toEqual({ text: 'inside', size: 6 });
    expect(await read(join(root, 'sub', 'ok.txt'))).toEqual({ text: 'inside', size: 6 });
    expect(await read('sub/../sub/ok.txt')).toEqual({ text: 'inside', size: 6 });
  });

  it.each([['../secret.txt'], ['sub/../../secret.txt'], ['/etc/passwd'], ['escape.txt'], ['sub'], ['']])('should refuse %j', async (path) => {
    await expect(openFileSource(path, root, signal)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('should answer NOT_FOUND for a missing file and refuse every file without a data root', async () => {
    await expect(openFileSource('sub/none.txt', root, signal)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(openFileSource('sub/ok.txt', undefined, signal)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
