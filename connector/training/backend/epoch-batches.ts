import { emptyBatch, RowFileReader, type RowBatch } from '../data/row-file-reader.js';
import { isRowFile } from '../data/row-file.js';
import { streamedEpoch } from '../data/streamed-epoch.js';
import { rowOrder, rowsAt, shuffleInPlace, type MemoryRows, type TrainingRows } from './training-rows.js';

/** Mini-batches for local training, epoch after epoch, over rows in memory or in a row file. */
export interface EpochBatches {
  /** One epoch's batches in a fresh order drawn from `random` (each batch is reused: read it before the next). */
  epoch(batchSize: number, random: () => number): Iterable<RowBatch>;
  close(): void;
}

/**
 * Rows in memory: one index order shuffled in place at the start of every epoch (Fisher–Yates, the draws an array
 * shuffle makes), then cut into batches, each copied into float32. A row file: streamedEpoch's block-wise shuffle.
 */
export function epochBatches(rows: TrainingRows, width: number): EpochBatches {
  if (isRowFile(rows)) {
    const reader = new RowFileReader(rows);
    return { epoch: (batchSize, random) => streamedEpoch(reader, batchSize, random), close: () => reader.close() };
  }
  const memory: MemoryRows = rows;
  const order = rowOrder(memory);
  function* epoch(batchSize: number, random: () => number): Generator<RowBatch> {
    shuffleInPlace(order, random);
    for (let start = 0; start < order.length; start += batchSize) {
      const picked = rowsAt(memory, order.subarray(start, start + batchSize));
      const batch = emptyBatch(picked.length, width);
      picked.forEach((r, i) => {
        batch.x.set(r.x, i * width);
        batch.y[i] = r.y;
      });
      batch.length = picked.length;
      yield batch;
    }
  }
  return { epoch, close: () => undefined };
}

/** A batch's rows as row objects (views into the batch, nothing copied). */
export function batchRows(batch: RowBatch, width: number): { x: Float32Array; y: number }[] {
  return Array.from({ length: batch.length }, (_, r) => ({ x: batch.x.subarray(r * width, (r + 1) * width), y: batch.y[r] ?? -1 }));
}
