import { DATA_SETS } from '../backend/data-sets.js';
import { refuseData, checkOwnData } from './check-own-data.js';
import { openOwnTable } from './open-own-table.js';
import { isOwnDataAddress, OWN_DATA_FORMATS } from './own-data-address.js';
import { TRAINING_DATA_PROPERTY, trainingDataView } from './public-view.js';

type AssetLike = { properties: Record<string, unknown>; dataAddress: { type: string; [k: string]: unknown } };

/**
 * Checks a `TrainingData` asset when it is created or replaced: own data is read against its schema (every
 * problem at once, TRAINING_DATA_INVALID) and described in the public property `kontor:trainingData` (schema,
 * schema hash, bucketed row count); a data set Kontor ships must be named right. Other assets pass unchanged,
 * and only Kontor writes that property.
 */
export async function checkTrainingAsset<A extends AssetLike>(asset: A): Promise<A> {
  const { [TRAINING_DATA_PROPERTY]: _ours, ...properties } = asset.properties;
  const address = asset.dataAddress;
  if (address.type !== 'TrainingData') return { ...asset, properties };
  if (isOwnDataAddress(address)) {
    const { address: own, result } = await checkOwnData(address, openOwnTable);
    return { ...asset, properties: { ...properties, [TRAINING_DATA_PROPERTY]: trainingDataView(own.schema, result.usableRows) } };
  }
  if (!DATA_SETS.some((d) => d.source === address.source)) {
    refuseData([
      {
        pointer: '/dataAddress',
        message: `a TrainingData address needs a format (own data: ${OWN_DATA_FORMATS.join(', ')}, with path and schema) or the source of a data set Kontor ships (${DATA_SETS.map((d) => d.source).join(', ')})`,
      },
    ]);
  }
  return { ...asset, properties };
}
