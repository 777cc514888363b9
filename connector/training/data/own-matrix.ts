import { splitOf } from '../backend/penguins.js';
import { checkOwnData } from './check-own-data.js';
import { encodeRowInto } from './encode-row.js';
import { openOwnTable } from './open-own-table.js';
import type { OwnDataAddress } from './own-data-address.js';
import { RowMatrixBuilder, type RowMatrix } from './row-matrix.js';
import type { TableReader } from './table-reader.js';
import { encodedFeatureNames, type TrainingSchema } from './training-schema.js';

/**
 * A site's own rows for training, compact (row-matrix.ts): the same two streamed passes and the same 75 / 25 split
 * as loadOwnRows, but each encoded row goes straight into a float32 matrix (labels as indices into the schema's
 * classes), so memory holds 4·(width + 1) bytes a row and no row object.
 */
export async function loadOwnMatrix(
  raw: Record<string, unknown>,
  open: (a: OwnDataAddress) => Promise<TableReader> = openOwnTable,
  /** Rows per chunk (default: chunkRowsFor the encoded width). */
  chunkRows?: number,
): Promise<{ schema: TrainingSchema; train: RowMatrix; test: RowMatrix }> {
  const { address, result } = await checkOwnData(raw, open);
  const { schema } = address;
  const width = encodedFeatureNames(schema).length;
  const train = new RowMatrixBuilder(width, chunkRows);
  const test = new RowMatrixBuilder(width, chunkRows);
  const scratch = new Float64Array(width);
  let index = 0;
  for await (const row of (await open(address)).rows) {
    const label = encodeRowInto(schema, result.fill, row, scratch);
    if (label !== undefined) (splitOf(index) === 'train' ? train : test).add(scratch, schema.label.classes.indexOf(label));
    index++;
  }
  return { schema, train: train.finish(), test: test.finish() };
}
