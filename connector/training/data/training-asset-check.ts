import { validationError, pointer } from '../../../core/index.js';
import { DATA_SETS } from '../backend/data-sets.js';
import { refuseData, checkOwnData } from './check-own-data.js';
import type { OpenOwnTable } from './open-own-table.js';
import { isOwnDataAddress, OWN_DATA_FORMATS } from './own-data-address.js';
import { TRAINING_DATA_PROPERTY, trainingDataView } from './public-view.js';

type AssetLike = { properties: Record<string, unknown>; dataAddress: { type: string; [k: string]: unknown } };

/**
 * Checks a `TrainingData` asset when it is created or replaced: own data is read against its schema (every
 * problem at once, TRAINING_DATA_INVALID) and described in the public property `kontor:trainingData` (schema,
 * schema hash, bucketed row count); a data set Kontor ships must be named right, with only its part. Other assets
 * pass unchanged. Only Kontor writes that property: one given is refused (VALIDATION_FAILED), never dropped. Own data
 * is read through `open`: the connector's confinedOpener (its file below training.dataRoot), the operator's own
 * command line openOwnTable.
 */
export async function checkTrainingAsset<A extends AssetLike>(asset: A, open: OpenOwnTable): Promise<A> {
  if (asset.properties[TRAINING_DATA_PROPERTY] !== undefined)
    throw validationError([
      { pointer: `/properties/${TRAINING_DATA_PROPERTY}`, message: "is written by Kontor only (it describes a TrainingData asset's own data): leave it out" },
    ]);
  const address = asset.dataAddress;
  if (address.type !== 'TrainingData') return asset;
  if (isOwnDataAddress(address)) {
    const { address: own, result } = await checkOwnData(address, open);
    return { ...asset, properties: { ...asset.properties, [TRAINING_DATA_PROPERTY]: trainingDataView(own.schema, result.usableRows) } };
  }
  const set = DATA_SETS.find((d) => d.source === address.source);
  if (!set) {
    refuseData([
      {
        pointer: '/dataAddress',
        message: `a TrainingData address needs a format (own data: ${OWN_DATA_FORMATS.join(', ')}, with path and schema) or the source of a data set Kontor ships (${DATA_SETS.map((d) => d.source).join(', ')})`,
      },
    ]);
  }
  const honoured = ['type', 'source', set.partitionKey];
  const problems = Object.keys(address)
    .filter((k) => !honoured.includes(k))
    .map((k) => ({
      pointer: pointer('/dataAddress', k),
      message: `is not an option of a TrainingData address over ${set.source} (honoured: ${honoured.join(', ')})`,
    }));
  const part = address[set.partitionKey];
  if (part !== undefined && !set.partitions.includes(part as string))
    problems.push({ pointer: `/dataAddress/${set.partitionKey}`, message: `must be one of ${set.partitions.join(', ')}` });
  if (problems.length > 0) throw validationError(problems);
  return asset;
}
