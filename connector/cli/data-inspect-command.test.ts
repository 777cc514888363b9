import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dataInspectCommand } from './data-inspect-command.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-inspect-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs the command on a CSV of `text`; what it printed and its exit code. */
async function inspect(name: string, text: string): Promise<{ out: string; err: string; exitCode: number }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  await dataInspectCommand(path, { label: 'label' });
  const exitCode = Number(process.exitCode ?? 0);
  vi.restoreAllMocks();
  return { out, err, exitCode };
}

describe('kontor data inspect', () => {
  it('should refuse a header naming a column twice, naming it, with exit 1 and no schema printed', async () => {
    const r = await inspect('twice.csv', 'a,a,b,b,label\n1,2,3,4,x\n5,6,7,8,y\n');
    expect(r.exitCode).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/names 'a', 'b' twice in its header/);
  });

  it('should warn on stderr when the connector would refuse the address: one class', async () => {
    const r = await inspect('one-class.csv', 'a,label\n1,x\n2,x\n');
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain('"label": {"name":"label","classes":["x"]}');
    expect(r.err).toMatch(/^kontor data inspect: warning: the connector would refuse this data address: .*at least two classes/);
  });

  it('should warn on stderr when the file has a header and no rows', async () => {
    const r = await inspect('empty.csv', 'a,label\n');
    expect(r.exitCode).toBe(0);
    expect(r.err).toMatch(/^kontor data inspect: warning: the file has no data rows, only a header\n/);
    expect(r.err).toMatch(/warning: the connector would refuse this data address/);
  });

  it('should print a usable file without a warning', async () => {
    const r = await inspect('fine.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');
    expect([r.exitCode, r.err]).toEqual([0, '']);
    expect(r.out).toContain('"classes":["x","y"]');
  });
});
