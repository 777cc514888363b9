import { splitOf, type Example } from '../backend/penguins.js';
import { checkOwnData } from './check-own-data.js';
import { encodeRow } from './encode-row.js';
import { openOwnTable } from './open-own-table.js';
import type { OwnDataAddress } from './own-data-address.js';
import type { TableReader } from './table-reader.js';
import type { TrainingSchema } from './training-schema.js';

/**
 * A site's own rows for training, in two streamed passes: the schema check (which also yields the imputation
 * values), then the encoding; each data row goes to the train or test split by its position (75 / 25, fixed).
 */
export async function loadOwnRows(
  raw: Record<string, unknown>,
  open: (a: OwnDataAddress) => Promise<TableReader> = openOwnTable,
): Promise<{ schema: TrainingSchema; train: Example[]; test: Example[] }> {
  const { address, result } = await checkOwnData(raw, open);
  const train: Example[] = [];
  const test: Example[] = [];
  let index = 0;
  for await (const row of (await open(address)).rows) {
    const encoded = encodeRow(address.schema, result.fill, row);
    if (encoded) (splitOf(index) === 'train' ? train : test).push(encoded);
    index++;
  }
  return { schema: address.schema, train, test };
}
