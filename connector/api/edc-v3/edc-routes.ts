import type { Asset, ContractDefinition, PolicyDefinition } from '../../../catalog/index.js';
import type { RouteDef } from '../route-def.js';
import type { ResourceRoutesSpec } from '../routes/resource-routes.js';
import { edcAssets, edcContractDefinitions, edcPolicies } from './edc-catalog-resources.js';
import { edcResourceRoutes } from './edc-resource-routes.js';

export interface EdcV3Deps {
  assets: ResourceRoutesSpec<Asset, Record<string, string>>;
  policies: ResourceRoutesSpec<PolicyDefinition, Record<string, string>>;
  contractDefinitions: ResourceRoutesSpec<ContractDefinition, Record<string, string>>;
}

/** EDC Management API v3 at /management/v3, translated onto Kontor's own services (docs/edc-migration.md). */
export function edcV3Routes(deps: EdcV3Deps): RouteDef[] {
  return [
    ...edcResourceRoutes(edcAssets(deps.assets)),
    ...edcResourceRoutes(edcPolicies(deps.policies)),
    ...edcResourceRoutes(edcContractDefinitions(deps.contractDefinitions)),
  ];
}
