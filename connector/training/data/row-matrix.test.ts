import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOwnMatrix } from './own-matrix.js';
import { loadOwnRows } from './own-rows.js';
import { chunkRowsFor, RowMatrixBuilder, matrixMoments, rowFeatures, rowSlot, scaleMatrixInPlace } from './row-matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-row-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compact encoded rows', () => {
  it('never holds room for more than the rows added plus one chunk, and packs exactly 4·(width + 1) bytes a row', () => {
    const builder = new RowMatrixBuilder(3, 16);
    for (let i = 0; i < 100; i++) {
      builder.add([i, i + 0.5, -i], i % 2);
      expect(builder.capacity).toBeLessThanOrEqual(builder.rows + 16);
    }
    const m = builder.finish();
    expect(m.count).toBe(100);
    // 7 chunks of 16 rows: 4·(3 + 1) bytes a row, at most one chunk not full.
    expect(m.chunks.reduce((n, c) => n + c.x.byteLength + c.y.byteLength, 0)).toBe(7 * 16 * 4 * 4);
    expect(m.chunks.every((c) => c.x.buffer instanceof SharedArrayBuffer && c.y.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(Array.from(rowFeatures(m, 99))).toEqual([99, 99.5, -99]);
    expect(Array.from(rowFeatures(m, 17))).toEqual([17, 17.5, -17]);
    expect(builder.capacity).toBe(0);
  });

  it('sizes chunks to about 4 MiB of features: full 65,536 rows when narrow, fewer (at least 256) when wide', () => {
    expect(chunkRowsFor(9)).toBe(65_536);
    expect(chunkRowsFor(500)).toBe(2097);
    expect(chunkRowsFor(100_000)).toBe(256);
    expect(new RowMatrixBuilder(500).chunkRows).toBe(2097);
  });

  it('scales in place, maps labels and drops rows whose class the plan does not know', () => {
    const builder = new RowMatrixBuilder(2, 4);
    [
      [1, 10, 0],
      [3, 20, 1],
      [5, 30, 2],
    ].forEach(([a = 0, b = 0, y = 0]) => {
      builder.add([a, b], y);
    });
    const m = builder.finish();
    expect(matrixMoments(m).mean).toEqual([3, 20]);
    const scaled = scaleMatrixInPlace(m, { mean: [3, 20], std: [2, 10] }, [1, -1, 0]);
    expect(scaled.count).toBe(2);
    expect([0, 1].map((i) => Array.from(rowFeatures(scaled, i)))).toEqual([
      [-1, -1],
      [1, 1],
    ]);
    expect([0, 1].map((i) => rowSlot(scaled, i).chunk.y[rowSlot(scaled, i).at])).toEqual([1, 0]);
  });

  it('loads a CSV into the same rows, split and labels as loadOwnRows, in float32', async () => {
    const path = join(dir, 'site.csv');
    const lines = Array.from({ length: 40 }, (_, i) => `${(i * 0.37).toFixed(2)},${['red', 'blue'][i % 2]},${i % 3 === 0 ? 'yes' : 'no'}`);
    writeFileSync(path, `size,colour,ok\n${lines.join('\n')}\n`);
    const schema = {
      features: [
        { name: 'size', type: 'numeric' },
        { name: 'colour', type: 'categorical', categories: ['red', 'blue'] },
      ],
      label: { name: 'ok', classes: ['no', 'yes'] },
      missingValues: { rule: 'drop' },
    };
    const address = { type: 'TrainingData', format: 'csv', path, schema };
    const [objects, compact] = await Promise.all([loadOwnRows(address), loadOwnMatrix(address, undefined, 8)]);
    for (const split of ['train', 'test'] as const) {
      const m = compact[split];
      expect(m.count).toBe(objects[split].length);
      expect(m.width).toBe(3);
      objects[split].forEach((r, i) => {
        expect(Array.from(rowFeatures(m, i))).toEqual(r.x.map((v) => Math.fround(v)));
        expect(rowSlot(m, i).chunk.y[rowSlot(m, i).at]).toBe(schema.label.classes.indexOf(r.label));
      });
    }
  });
});
