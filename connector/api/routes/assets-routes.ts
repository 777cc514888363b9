import { isDeepStrictEqual } from 'node:util';
import type { Asset, AssetStore, DataAddress } from '../../../catalog/index.js';
import type { IdGenerator } from '../../../core/index.js';
import { HEADER_PREFIX } from '../../dataplane/index.js';
import { checkTrainingAsset, TRAINING_DATA_PROPERTY } from '../../training/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { checkDataAddress } from './asset-data-address.js';
import { resourceRoutes, type ResourceRoutesSpec } from './resource-routes.js';

/** Data-address properties whose names suggest a secret are write-only: shown redacted, kept on replace. */
export const REDACTED = '<redacted>';
const SECRET_NAME = /secret|password|token|api-?key|authcode|authorization|credential/i;

/** Secret-looking names are redacted, and every HttpData `header:<name>` value (extra headers often carry keys). */
export function redactDataAddress(address: DataAddress): DataAddress {
  return Object.fromEntries(Object.entries(address).map(([k, v]) => [k, SECRET_NAME.test(k) || k.startsWith(HEADER_PREFIX) ? REDACTED : v])) as DataAddress;
}

interface AssetSpecDeps {
  store: AssetStore;
  ids: IdGenerator;
  validator: RequestValidator;
  /** A data-address type Kontor does not serve: refused (/api/v1), or kept when it has no options (the EDC layer). */
  foreignTypes?: 'refuse' | 'bare';
}

/** The Asset resource as the management API reads and writes it (shared by /api/v1 and the EDC v3 layer). */
export function assetResourceSpec(deps: AssetSpecDeps): ResourceRoutesSpec<Asset, Record<string, string>> {
  return {
    base: '/api/v1/assets',
    store: deps.store,
    inputSchema: 'AssetInput',
    filters: ['q', 'keyword', 'mediaType'],
    ids: deps.ids,
    validator: deps.validator,
    fromBody: (body, id) => ({ id, properties: body.properties as Asset['properties'], dataAddress: body.dataAddress as DataAddress }),
    toDto: (a) => ({ properties: a.properties, dataAddress: redactDataAddress(a.dataAddress) }),
    // Each data-address type's options are checked here, for both APIs: one Kontor does not honour is a 400 naming it.
    // Training assets: own data is checked against its schema and described publicly (schema, hash, row bucket).
    check: (asset) => {
      checkDataAddress(asset.dataAddress, deps.foreignTypes);
      return checkTrainingAsset(asset);
    },
    merge: (next, current) => {
      const dataAddress = { ...next.dataAddress };
      for (const [k, v] of Object.entries(dataAddress)) {
        if (v === REDACTED && current.dataAddress[k] !== undefined) dataAddress[k] = current.dataAddress[k];
      }
      // A replace may send back the kontor:trainingData the asset shows, unchanged: Kontor writes it anew.
      const { [TRAINING_DATA_PROPERTY]: shown, ...properties } = next.properties;
      const echoed = shown !== undefined && isDeepStrictEqual(shown, current.properties[TRAINING_DATA_PROPERTY]);
      return { ...next, ...(echoed ? { properties: properties as Asset['properties'] } : {}), dataAddress };
    },
  };
}

export function assetsRoutes(deps: { store: AssetStore; ids: IdGenerator; validator: RequestValidator }): RouteDef[] {
  return resourceRoutes(assetResourceSpec(deps));
}
