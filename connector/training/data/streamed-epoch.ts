import { shuffleInPlace } from '../backend/training-rows.js';
import { emptyBatch, type RowBatch, type RowFileReader } from './row-file-reader.js';

/** Blocks read together into the shuffle buffer: rows are shuffled among `WINDOW_BLOCKS` · blockRows rows. */
export const WINDOW_BLOCKS = 16;

/**
 * One epoch over a row file in a seeded, reproducible order built from bounded pieces: the order of the file's blocks
 * is shuffled (Fisher–Yates with `random`), the blocks are read `windowBlocks` at a time in that order into one buffer,
 * the buffer's rows are shuffled, and they are handed out in batches of `batchSize` (the last one of the epoch may be
 * smaller; a batch may span two windows). Every row is visited exactly once. Memory: the window and one batch,
 * whatever the file's size. The batch yielded is reused: read it before asking for the next one.
 */
export function* streamedEpoch(reader: RowFileReader, batchSize: number, random: () => number, windowBlocks = WINDOW_BLOCKS): Generator<RowBatch> {
  const { count, blockRows, width } = reader.file;
  const blocks = new Uint32Array(Math.ceil(count / blockRows));
  for (let b = 0; b < blocks.length; b++) blocks[b] = b;
  shuffleInPlace(blocks, random);
  const window = emptyBatch(Math.min(count, windowBlocks * blockRows), width);
  const batch = emptyBatch(Math.max(1, Math.min(batchSize, count)), width);
  const order = new Uint32Array(window.y.length);
  for (let w = 0; w < blocks.length; w += windowBlocks) {
    window.length = 0;
    for (const b of blocks.subarray(w, w + windowBlocks)) reader.readRange(b * blockRows, Math.min(blockRows, count - b * blockRows), window);
    const rows = order.subarray(0, window.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    shuffleInPlace(rows, random);
    for (const r of rows) {
      batch.x.set(window.x.subarray(r * width, (r + 1) * width), batch.length * width);
      batch.y[batch.length] = window.y[r] as number;
      if (++batch.length === batch.y.length) {
        yield batch;
        batch.length = 0;
      }
    }
  }
  if (batch.length > 0) yield batch;
}
