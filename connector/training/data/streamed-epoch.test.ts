import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../backend/seeded-random.js';
import { RowFileReader } from './row-file-reader.js';
import { RowFileWriter, type RowFile } from './row-file.js';
import { streamedEpoch } from './streamed-epoch.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-streamed-epoch-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rowFile(name: string, count: number, blockRows: number): RowFile {
  const writer = new RowFileWriter(join(dir, name), 2, blockRows);
  for (let i = 0; i < count; i++) writer.add([i, -i], i % 2);
  return writer.finish();
}

/** The row indices an epoch visits, batch by batch. */
function epochs(file: RowFile, seed: number, batchSize: number, count = 1, windowBlocks = 2): number[][][] {
  const reader = new RowFileReader(file);
  const random = seededRandom(seed);
  const out = Array.from({ length: count }, () =>
    Array.from(streamedEpoch(reader, batchSize, random, windowBlocks), (b) => Array.from(b.x.subarray(0, b.length * 2).filter((_, k) => k % 2 === 0))),
  );
  reader.close();
  return out;
}

describe('an epoch over a row file', () => {
  const file = rowFile('rows.rows', 103, 10);

  it('visits every row exactly once, in batches of the batch size but the last, the last block partial', () => {
    for (const epoch of epochs(file, 3, 16, 3)) {
      expect(epoch.map((b) => b.length)).toEqual([16, 16, 16, 16, 16, 16, 7]);
      expect(epoch.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    }
  });

  it('is the same order for the same seed and another for another seed or the next epoch', () => {
    const [first, second] = epochs(file, 3, 16, 2);
    expect(epochs(file, 3, 16, 2)).toEqual([first, second]);
    expect(second).not.toEqual(first);
    expect(epochs(file, 4, 16)[0]).not.toEqual(first);
  });

  it('mixes rows from blocks far apart within a batch, and does not hand rows out in file order', () => {
    const [epoch = []] = epochs(file, 5, 16);
    const order = epoch.flat();
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    const blocks = new Set((epoch[0] ?? []).map((i) => Math.floor(i / 10)));
    expect(blocks.size).toBeGreaterThan(1);
  });

  it('gives the labels with their rows', () => {
    const reader = new RowFileReader(file);
    for (const b of streamedEpoch(reader, 7, seededRandom(1), 3)) for (let r = 0; r < b.length; r++) expect(b.y[r]).toBe((b.x[r * 2] ?? 0) % 2);
    reader.close();
  });

  it('over a file smaller than one block or a batch, and over an empty file', () => {
    expect(
      epochs(rowFile('small.rows', 5, 10), 2, 16)[0]
        ?.flat()
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(epochs(rowFile('empty.rows', 0, 10), 2, 16)).toEqual([[]]);
  });
});
