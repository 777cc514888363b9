import { isDeepStrictEqual } from 'node:util';
import type { Asset, AssetStore, DataAddress } from '../../../catalog/index.js';
import { ConnectorError, type IdGenerator } from '../../../core/index.js';
import { checkTrainingAsset, confinedOpener, TRAINING_DATA_PROPERTY } from '../../training/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { checkDataAddress } from './asset-data-address.js';
import { keepRedacted, redactDataAddress } from './data-address-redaction.js';
import { resourceRoutes, type ResourceRoutesSpec } from './resource-routes.js';

interface AssetSpecDeps {
  store: AssetStore;
  ids: IdGenerator;
  validator: RequestValidator;
  /** A data-address type Kontor does not serve: refused (/api/v1), or kept when it has no options (the EDC layer). */
  foreignTypes?: 'refuse' | 'bare';
  /** dataPlane.fileRoot: a File data address must lie below it (none is taken without it). */
  fileRoot: string | undefined;
  /** training.dataRoot: the files a TrainingData asset's own data address names must lie below it (none is taken without it). */
  trainingDataRoot: string | undefined;
}

/** The Asset resource as the management API reads and writes it (shared by /api/v1 and the EDC v3 layer). */
export function assetResourceSpec(deps: AssetSpecDeps): ResourceRoutesSpec<Asset, Record<string, string>> {
  return {
    base: '/api/v1/assets',
    store: deps.store,
    inputSchema: 'AssetInput',
    filters: ['q', 'keyword', 'mediaType'],
    // The store keeps an asset's keywords `|`-separated: a `|` in the filter would match across two of them. No
    // keyword holds one (the schema refuses it), so such a filter could only match wrongly.
    checkFilter: (filter) => {
      if (filter.keyword?.includes('|'))
        throw new ConnectorError('INVALID_QUERY', {
          detail: '?keyword: must not contain |: it matches one whole keyword, and no keyword holds a |',
          violations: [{ pointer: '?keyword', message: 'must not contain |' }],
        });
    },
    ids: deps.ids,
    validator: deps.validator,
    fromBody: (body, id) => ({ id, properties: body.properties as Asset['properties'], dataAddress: body.dataAddress as DataAddress }),
    toDto: (a) => ({ properties: a.properties, dataAddress: redactDataAddress(a.dataAddress) }),
    // Each data-address type's options are checked here, for both APIs: one Kontor does not honour is a 400 naming it.
    // Training assets: own data is checked against its schema and described publicly (schema, hash, row bucket).
    check: (asset) => {
      checkDataAddress(asset.dataAddress, { foreign: deps.foreignTypes ?? 'refuse', fileRoot: deps.fileRoot, trainingDataRoot: deps.trainingDataRoot });
      return checkTrainingAsset(asset, confinedOpener(deps.trainingDataRoot));
    },
    merge: (next, current) => {
      // Values sent back redacted (secrets, header values, baseUrl's query values) keep the stored ones.
      const dataAddress = keepRedacted(next.dataAddress, current.dataAddress);
      // A replace may send back the kontor:trainingData the asset shows, unchanged: Kontor writes it anew.
      const { [TRAINING_DATA_PROPERTY]: shown, ...properties } = next.properties;
      const echoed = shown !== undefined && isDeepStrictEqual(shown, current.properties[TRAINING_DATA_PROPERTY]);
      return { ...next, ...(echoed ? { properties: properties as Asset['properties'] } : {}), dataAddress };
    },
  };
}

export function assetsRoutes(deps: AssetSpecDeps): RouteDef[] {
  return resourceRoutes(assetResourceSpec(deps));
}
