import { closeSync, openSync, readSync } from 'node:fs';
import { rowBytes, type RowFile } from './row-file.js';

/** Rows read out of a row file: `length` rows, features row-major in `x` (float32, scaled), class indices in `y`. */
export interface RowBatch {
  x: Float32Array;
  y: Int32Array;
  length: number;
}

/** Room for `rows` rows of `width` features. */
export function emptyBatch(rows: number, width: number): RowBatch {
  return { x: new Float32Array(rows * width), y: new Int32Array(rows), length: 0 };
}

/**
 * Positional reads of a row file (one descriptor, one bounded byte buffer), each feature scaled by the file's plan
 * scaling as it is copied out. Nothing is held beyond the buffer: memory does not grow with the file.
 */
export class RowFileReader {
  private readonly fd: number;
  private buffer: Buffer;
  private floats: Float32Array;
  private ints: Int32Array;
  private readonly mean: readonly number[];
  private readonly std: readonly number[];

  constructor(readonly file: RowFile) {
    this.fd = openSync(file.path, 'r');
    this.buffer = Buffer.alloc(file.blockRows * rowBytes(file.width));
    this.floats = new Float32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length / 4);
    this.ints = new Int32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length / 4);
    this.mean = file.scaling?.mean ?? [];
    this.std = file.scaling?.std ?? [];
  }

  get count(): number {
    return this.file.count;
  }

  /** Rows [start, start + rows) appended to `into` (from its `length` on; it must have room). */
  readRange(start: number, rows: number, into: RowBatch): void {
    const width = this.file.width;
    const bytes = rows * rowBytes(width);
    if (bytes > this.buffer.length) this.grow(bytes);
    let done = 0;
    while (done < bytes) {
      const got = readSync(this.fd, this.buffer, done, bytes - done, start * rowBytes(width) + done);
      if (got === 0) throw new Error('the encoded rows file is shorter than expected');
      done += got;
    }
    for (let r = 0; r < rows; r++) this.copyOut(r, into);
  }

  /** The rows at `indices` (ascending), appended to `into`: adjacent rows are read together. */
  readRows(indices: ArrayLike<number>, into: RowBatch): void {
    for (let k = 0; k < indices.length; ) {
      let end = k + 1;
      while (end < indices.length && (indices[end] as number) === (indices[end - 1] as number) + 1 && end - k < this.file.blockRows) end++;
      this.readRange(indices[k] as number, end - k, into);
      k = end;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private copyOut(r: number, into: RowBatch): void {
    const width = this.file.width;
    const from = r * (width + 1);
    const to = into.length * width;
    for (let j = 0; j < width; j++) into.x[to + j] = ((this.floats[from + j] ?? 0) - (this.mean[j] ?? 0)) / (this.std[j] ?? 1);
    into.y[into.length] = this.ints[from + width] ?? -1;
    into.length++;
  }

  private grow(bytes: number): void {
    this.buffer = Buffer.alloc(bytes);
    this.floats = new Float32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length / 4);
    this.ints = new Int32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length / 4);
  }
}

/** Every row of a row file in order, a block at a time (evaluation, statistics): `visit` sees each block's batch. */
export function scanRowFile(file: RowFile, visit: (batch: RowBatch, first: number) => void): void {
  const reader = new RowFileReader(file);
  const batch = emptyBatch(file.blockRows, file.width);
  try {
    for (let start = 0; start < file.count; start += file.blockRows) {
      batch.length = 0;
      reader.readRange(start, Math.min(file.blockRows, file.count - start), batch);
      visit(batch, start);
    }
  } finally {
    reader.close();
  }
}
