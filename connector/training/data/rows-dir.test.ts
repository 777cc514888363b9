import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsDir, sweepStaleRowsDirs } from './rows-dir.js';

const parent = mkdtempSync(join(tmpdir(), 'kontor-rows-dir-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("the process's folder for row files", () => {
  it('is private (0700), named after the process, and the same for every call', () => {
    const dir = rowsDir();
    expect(rowsDir()).toBe(dir);
    expect(dir).toContain(`kontor-rows-${process.pid}-`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("sweeps the folders of processes that are gone, never a running process's or another name", () => {
    // 4,194,305 is above Linux's largest process id (2^22): no process has it.
    const gone = join(parent, 'kontor-rows-4194305-abc');
    const running = join(parent, `kontor-rows-${process.ppid}-def`);
    const mine = join(parent, `kontor-rows-${process.pid}-ghi`);
    const other = join(parent, 'kontor-keys-4194305-abc');
    for (const d of [gone, running, mine, other]) mkdirSync(d);
    expect(sweepStaleRowsDirs(parent)).toEqual(['kontor-rows-4194305-abc']);
    expect([gone, running, mine, other].map((d) => existsSync(d))).toEqual([false, true, true, true]);
  });
});
