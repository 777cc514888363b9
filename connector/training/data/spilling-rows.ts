import { rmSync } from 'node:fs';
import { rowFeatures, RowMatrixBuilder, type RowMatrix } from './row-matrix.js';
import { RowFileWriter, type RowFile } from './row-file.js';

/**
 * Encoded rows collected in memory (a compact matrix) until `spill` moves them, and every row added after, to a new
 * row file at `path`: so a small file stays in memory and a large one never is held whole. `finish` hands over the
 * matrix or the file; `discard` removes a file written so far (a load that failed).
 */
export class SpillingRows {
  private builder: RowMatrixBuilder | undefined;
  private writer: RowFileWriter | undefined;

  constructor(
    readonly width: number,
    chunkRows?: number,
  ) {
    this.builder = new RowMatrixBuilder(width, chunkRows);
  }

  get rows(): number {
    return this.writer ? this.writer.rows : (this.builder?.rows ?? 0);
  }

  get spilled(): boolean {
    return this.writer !== undefined;
  }

  add(x: ArrayLike<number>, y: number): void {
    if (this.writer) this.writer.add(x, y);
    else this.builder?.add(x, y);
  }

  spill(path: string): void {
    if (this.writer || !this.builder) return;
    const held = this.builder.finish();
    this.builder = undefined;
    this.writer = new RowFileWriter(path, this.width);
    for (let i = 0; i < held.count; i++) this.writer.add(rowFeatures(held, i), held.chunks[Math.floor(i / held.chunkRows)]?.y[i % held.chunkRows] ?? -1);
  }

  finish(): RowMatrix | RowFile {
    if (this.writer) return this.writer.finish();
    return (this.builder as RowMatrixBuilder).finish();
  }

  discard(): void {
    if (!this.writer) return;
    this.writer.abort();
    rmSync(this.writer.path, { force: true });
  }
}
