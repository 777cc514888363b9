import type { ContractDefinition, ContractDefinitionStore } from '../../../catalog/index.js';
import type { IdGenerator } from '../../../core/index.js';
import type { RequestValidator } from '../request-validator.js';
import type { RouteDef } from '../route-def.js';
import { resourceRoutes } from './resource-routes.js';

export function contractDefinitionsRoutes(deps: { store: ContractDefinitionStore; ids: IdGenerator; validator: RequestValidator }): RouteDef[] {
  return resourceRoutes<ContractDefinition, Record<string, string>>({
    base: '/api/v1/contract-definitions',
    store: deps.store,
    inputSchema: 'ContractDefinitionInput',
    filters: ['accessPolicyId', 'contractPolicyId', 'assetId'],
    ids: deps.ids,
    validator: deps.validator,
    fromBody: (body, id) => ({
      id,
      accessPolicyId: String(body.accessPolicyId),
      contractPolicyId: String(body.contractPolicyId),
      assetsSelector: (body.assetsSelector ?? []) as ContractDefinition['assetsSelector'],
      approval: body.approval === 'manual' ? 'manual' : 'auto',
    }),
    toDto: (d) => ({ accessPolicyId: d.accessPolicyId, contractPolicyId: d.contractPolicyId, assetsSelector: d.assetsSelector, approval: d.approval ?? 'auto' }),
  });
}
