import type { Asset, AssetStore, DataAddress } from '../../../catalog/index.js';
import type { IdGenerator } from '../../../core/index.js';
import { checkHttpData } from '../../dataplane/index.js';
import { HEADER_PREFIX } from '../../dataplane/index.js';
import { checkTrainingAsset } from '../../training/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { resourceRoutes, type ResourceRoutesSpec } from './resource-routes.js';

/** Data-address properties whose names suggest a secret are write-only: shown redacted, kept on replace. */
export const REDACTED = '<redacted>';
const SECRET_NAME = /secret|password|token|api-?key|authcode|authorization|credential/i;

/** Secret-looking names are redacted, and every HttpData `header:<name>` value (extra headers often carry keys). */
export function redactDataAddress(address: DataAddress): DataAddress {
  return Object.fromEntries(Object.entries(address).map(([k, v]) => [k, SECRET_NAME.test(k) || k.startsWith(HEADER_PREFIX) ? REDACTED : v])) as DataAddress;
}

/** The Asset resource as the management API reads and writes it (shared by /api/v1 and the EDC v3 layer). */
export function assetResourceSpec(deps: { store: AssetStore; ids: IdGenerator; validator: RequestValidator }): ResourceRoutesSpec<Asset, Record<string, string>> {
  return {
    base: '/api/v1/assets',
    store: deps.store,
    inputSchema: 'AssetInput',
    filters: ['q', 'keyword', 'mediaType'],
    ids: deps.ids,
    validator: deps.validator,
    fromBody: (body, id) => ({ id, properties: body.properties as Asset['properties'], dataAddress: body.dataAddress as DataAddress }),
    toDto: (a) => ({ properties: a.properties, dataAddress: redactDataAddress(a.dataAddress) }),
    // Training assets: own data is checked against its schema and described publicly (schema, hash, row bucket).
    // HttpData options are checked here, for both APIs: an option the data plane does not honour is a 400 naming it.
    check: (asset) => checkTrainingAsset(checkHttpData(asset)),
    merge: (next, current) => {
      const dataAddress = { ...next.dataAddress };
      for (const [k, v] of Object.entries(dataAddress)) {
        if (v === REDACTED && current.dataAddress[k] !== undefined) dataAddress[k] = current.dataAddress[k];
      }
      return { ...next, dataAddress };
    },
  };
}

export function assetsRoutes(deps: { store: AssetStore; ids: IdGenerator; validator: RequestValidator }): RouteDef[] {
  return resourceRoutes(assetResourceSpec(deps));
}
