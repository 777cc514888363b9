import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../core/index.js';
import { checkOwnData } from './check-own-data.js';
import { openOwnTable } from './open-own-table.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-fifo-'));
const fifo = join(dir, 'rows.pipe');
execFileSync('mkfifo', [fifo]);
// Without the fix a reader blocks in open() on the FIFO (on a pool thread): opening its other end lets it go, so a
// failing run ends instead of hanging the pool.
const release = () => {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waiting (ENXIO): nothing to release
  }
};
afterEach(release);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = { features: [{ name: 'x', type: 'numeric' }], label: { name: 'y', classes: ['a', 'b'] }, missingValues: { rule: 'drop' } };
const refusal = (raw: Record<string, unknown>) =>
  checkOwnData({ type: 'TrainingData', schema, ...raw }, openOwnTable).then(
    () => expect.unreachable('the address was accepted'),
    (e: ConnectorError) => {
      expect(e.code).toBe('TRAINING_DATA_INVALID');
      return e.violations.map((v) => `${v.pointer} ${v.message}`);
    },
  );

describe('own data at a path that is not a regular file', () => {
  for (const format of ['csv', 'parquet', 'sqlite'])
    it(`should refuse a FIFO as a ${format} file at once, naming the path field`, { timeout: 5000 }, async () => {
      const problems = await refusal({ format, path: fifo, ...(format === 'sqlite' ? { table: 't' } : {}) });
      expect(problems).toEqual([`/dataAddress/path unreadable file: ${fifo} is a FIFO (named pipe), not a regular file: own data must be a regular file`]);
    });

  it('should refuse a device (/dev/zero would never end) and a directory', { timeout: 5000 }, async () => {
    expect(await refusal({ format: 'csv', path: '/dev/zero' })).toEqual([
      '/dataAddress/path unreadable file: /dev/zero is a character device, not a regular file: own data must be a regular file',
    ]);
    expect((await refusal({ format: 'parquet', path: dir }))[0]).toContain(`${dir} is a directory, not a regular file`);
  });

  it('should refuse a FIFO or an oversized file as the PostgreSQL URL file, naming urlFile', { timeout: 5000 }, async () => {
    expect(await refusal({ format: 'postgres', urlFile: fifo, table: 't' })).toEqual([
      `/dataAddress/urlFile unreadable file: ${fifo} is a FIFO (named pipe), not a regular file: own data must be a regular file`,
    ]);
    const big = join(dir, 'url');
    writeFileSync(big, 'x'.repeat(70_000));
    expect((await refusal({ format: 'postgres', urlFile: big, table: 't' }))[0]).toMatch(/^\/dataAddress\/urlFile unreadable file: .* holds 70000 bytes/);
  });
});
