import { splitOf } from '../backend/penguins.js';
import { checkOwnData } from './check-own-data.js';
import { encodeRowInto } from './encode-row.js';
import { openOwnTable } from './open-own-table.js';
import type { OwnDataAddress } from './own-data-address.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RowFile } from './row-file.js';
import { rowBytes } from './row-file.js';
import type { RowMatrix } from './row-matrix.js';
import { SpillingRows } from './spilling-rows.js';
import type { TableReader } from './table-reader.js';
import { encodedFeatureNames, type TrainingSchema } from './training-schema.js';

/** Where a load may put rows that do not stay in memory: above `aboveBytes` of encoded rows (both splits), into row files in `dir`. */
export interface SpillRule {
  aboveBytes: number;
  dir: string;
}

/**
 * A site's own rows for training, compact (row-matrix.ts): the same two streamed passes and the same 75 / 25 split
 * as loadOwnRows, but each encoded row goes straight into a float32 matrix (labels as indices into the schema's
 * classes), so memory holds 4·(width + 1) bytes a row and no row object. With a `spill` rule, once the encoded rows
 * pass `aboveBytes` both splits move to private row files (row-file.ts) and the rest of the table is written there:
 * memory then stays bounded whatever the table's size. The caller owns the files (and removes them).
 */
export async function loadOwnMatrix(
  raw: Record<string, unknown>,
  open?: (a: OwnDataAddress) => Promise<TableReader>,
  chunkRows?: number,
): Promise<{ schema: TrainingSchema; train: RowMatrix; test: RowMatrix }>;
export async function loadOwnMatrix(
  raw: Record<string, unknown>,
  open: ((a: OwnDataAddress) => Promise<TableReader>) | undefined,
  chunkRows: number | undefined,
  spill: SpillRule,
): Promise<{ schema: TrainingSchema; train: RowMatrix | RowFile; test: RowMatrix | RowFile }>;
export async function loadOwnMatrix(
  raw: Record<string, unknown>,
  open: (a: OwnDataAddress) => Promise<TableReader> = openOwnTable,
  /** Rows per chunk (default: chunkRowsFor the encoded width). */
  chunkRows?: number,
  spill?: SpillRule,
): Promise<{ schema: TrainingSchema; train: RowMatrix | RowFile; test: RowMatrix | RowFile }> {
  const { address, result } = await checkOwnData(raw, open);
  const { schema } = address;
  const width = encodedFeatureNames(schema).length;
  const train = new SpillingRows(width, chunkRows);
  const test = new SpillingRows(width, chunkRows);
  const limit = spill ? Math.floor(spill.aboveBytes / rowBytes(width)) : Number.POSITIVE_INFINITY;
  const scratch = new Float64Array(width);
  let index = 0;
  try {
    for await (const row of (await open(address)).rows) {
      const label = encodeRowInto(schema, result.fill, row, scratch);
      if (label !== undefined) (splitOf(index) === 'train' ? train : test).add(scratch, schema.label.classes.indexOf(label));
      index++;
      if (spill && !train.spilled && train.rows + test.rows > limit) {
        const stem = join(spill.dir, randomUUID());
        train.spill(`${stem}-train.rows`);
        test.spill(`${stem}-test.rows`);
      }
    }
  } catch (error) {
    train.discard();
    test.discard();
    throw error;
  }
  return { schema, train: train.finish(), test: test.finish() };
}
