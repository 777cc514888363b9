import type { Asset, ContractDefinition, PolicyDefinition } from '../../../catalog/index.js';
import type { RouteDef } from '../../http/route-def.js';
import type { ResourceRoutesSpec } from '../routes/resource-routes.js';
import { edcAssets, edcContractDefinitions, edcPolicies } from './edc-catalog-resources.js';
import { edcResourceRoutes } from './edc-resource-routes.js';
import { edcCatalogRoutes } from './edc-catalog-routes.js';
import { edcNegotiationRoutes } from './edc-negotiation-routes.js';
import { edcAgreementRoutes } from './edc-agreement-routes.js';
import { edcTransferRoutes } from './edc-transfer-routes.js';
import { edcEdrRoutes } from './edc-edr-routes.js';
import type { AgreementStore } from '../../negotiation/index.js';
import type { negotiationService } from '../../negotiation/index.js';
import type { transferService } from '../../transfer/index.js';
import type { transferEdr } from '../../transfer/index.js';
import type { CatalogRequester } from '../../offers/index.js';
import type { RequestValidator } from '../../http/request-validator.js';

export interface EdcV3Deps {
  assets: ResourceRoutesSpec<Asset, Record<string, string>>;
  policies: ResourceRoutesSpec<PolicyDefinition, Record<string, string>>;
  contractDefinitions: ResourceRoutesSpec<ContractDefinition, Record<string, string>>;
  requester: CatalogRequester;
  negotiations: ReturnType<typeof negotiationService>;
  agreements: AgreementStore;
  transfers: ReturnType<typeof transferService>;
  edr: ReturnType<typeof transferEdr>;
  validator: RequestValidator;
}

/**
 * EDC Management API v3 at /management/v3, translated onto Kontor's own services (docs/edc-migration.md). Its bodies
 * are JSON-LD: `application/ld+json` is read as well as `application/json`.
 */
export function edcV3Routes(deps: EdcV3Deps): RouteDef[] {
  const routes: RouteDef[] = [
    ...edcResourceRoutes(edcAssets(deps.assets)),
    ...edcResourceRoutes(edcPolicies(deps.policies)),
    ...edcResourceRoutes(edcContractDefinitions(deps.contractDefinitions)),
    ...edcCatalogRoutes(deps),
    ...edcNegotiationRoutes({ service: deps.negotiations, agreements: deps.agreements, validator: deps.validator }),
    ...edcAgreementRoutes({ agreements: deps.agreements, negotiations: deps.negotiations }),
    ...edcTransferRoutes({ service: deps.transfers, agreements: deps.agreements, validator: deps.validator }),
    ...edcEdrRoutes({ service: deps.transfers, edr: deps.edr }),
  ];
  return routes.map((r) => (r.body ? { ...r, jsonLd: true } : r));
}
