import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyBatch, RowFileReader, scanRowFile } from './row-file-reader.js';
import { RowFileWriter } from './row-file.js';
import { matrixMoments, RowMatrixBuilder } from './row-matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-row-file-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows whose first feature is their index (exact in float32), so a test sees which row it got. */
function write(name: string, count: number, blockRows = 8) {
  const writer = new RowFileWriter(join(dir, name), 3, blockRows);
  const matrix = new RowMatrixBuilder(3, blockRows);
  for (let i = 0; i < count; i++) {
    const x = [i, (i % 7) - 3, i % 2];
    writer.add(x, i % 3);
    matrix.add(x, i % 3);
  }
  return { file: writer.finish(), matrix: matrix.finish() };
}

describe('a row file', () => {
  it('is private to the connector (mode 0600) and refuses to overwrite a file', () => {
    const { file } = write('private.rows', 5);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(statSync(file.path).size).toBe(5 * 4 * 4);
    expect(() => new RowFileWriter(file.path, 3)).toThrow(/EEXIST/);
  });

  it('reads back every row as written, a range or scattered rows, with the plan scaling applied as it reads', () => {
    const { file } = write('rows.rows', 21);
    const reader = new RowFileReader({ ...file, scaling: { mean: [1, 0, 0], std: [2, 1, 1] } });
    const batch = emptyBatch(21, 3);
    reader.readRange(19, 2, batch);
    reader.readRows([0, 1, 2, 9, 20], batch);
    reader.close();
    expect(batch.length).toBe(7);
    expect(Array.from(batch.x.subarray(0, 3))).toEqual([9, 2, 1]);
    expect(Array.from(batch.y.subarray(0, 7))).toEqual([1, 2, 0, 1, 2, 0, 2]);
    expect(Array.from(batch.x.subarray(9, 12))).toEqual([0, -2, 1]);
    expect(batch.x[6 * 3]).toBe(9.5);
  });

  it('has the moments of its rows, as a matrix of the same rows has them', () => {
    const { file, matrix } = write('moments.rows', 100);
    const expected = matrixMoments(matrix);
    for (let j = 0; j < 3; j++) {
      expect(file.moments.mean[j]).toBeCloseTo(expected.mean[j] ?? NaN, 10);
      expect(file.moments.variance[j]).toBeCloseTo(expected.variance[j] ?? NaN, 8);
    }
  });

  it('scans in order, the last block partial; an empty file scans nothing', () => {
    const { file } = write('scan.rows', 21);
    const seen: number[] = [];
    const firsts: number[] = [];
    scanRowFile(file, (b, first) => {
      firsts.push(first);
      for (let r = 0; r < b.length; r++) seen.push(b.x[r * 3] ?? NaN);
    });
    expect(firsts).toEqual([0, 8, 16]);
    expect(seen).toEqual(Array.from({ length: 21 }, (_, i) => i));
    const empty = write('empty.rows', 0).file;
    expect(empty.count).toBe(0);
    expect(statSync(empty.path).size).toBe(0);
    let visits = 0;
    scanRowFile(empty, () => visits++);
    expect(visits).toBe(0);
  });

  it('fails clearly when the file is shorter than its descriptor says', () => {
    const { file } = write('short.rows', 4);
    const reader = new RowFileReader({ ...file, count: 10 });
    expect(() => reader.readRange(3, 2, emptyBatch(2, 3))).toThrow(/shorter than expected/);
    reader.close();
  });
});
