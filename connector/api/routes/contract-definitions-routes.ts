import type { AssetCriterion, ContractDefinition, ContractDefinitionStore } from '../../../catalog/index.js';
import type { IdGenerator } from '../../../core/index.js';
import { toKontorProperty } from '../edc-v3/edc-property-names.js';
import { EDC_NS } from '../edc-v3/edc-vocabulary.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { resourceRoutes, type ResourceRoutesSpec } from './resource-routes.js';
import type { ContractDefinitionWarning } from './contract-definition-warnings.js';

type Warn = (definition: Pick<ContractDefinition, 'contractPolicyId' | 'assetsSelector'>) => Promise<ContractDefinitionWarning[]>;

/**
 * A criterion whose operandLeft is a full EDC IRI (`https://w3id.org/edc/v0.0.1/ns/id`, as EDC users write it) is
 * stored with the Kontor property it names (`id`), so it selects what it says instead of matching nothing.
 */
const namedProperty = (c: AssetCriterion): AssetCriterion => (c.operandLeft.startsWith(EDC_NS) ? { ...c, operandLeft: toKontorProperty(c.operandLeft) } : c);

/** The ContractDefinition resource as the management API reads and writes it (shared by /api/v1 and the EDC v3 layer). */
export function contractDefinitionResourceSpec(deps: {
  store: ContractDefinitionStore;
  ids: IdGenerator;
  validator: RequestValidator;
  /** What a definition written is warned about (contractDefinitionWarnings); none when absent. */
  warnings?: Warn | undefined;
}): ResourceRoutesSpec<ContractDefinition, Record<string, string>> {
  return {
    ...(deps.warnings ? { warnings: deps.warnings } : {}),
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
      assetsSelector: ((body.assetsSelector ?? []) as ContractDefinition['assetsSelector']).map(namedProperty),
      approval: body.approval === 'manual' ? 'manual' : 'auto',
    }),
    toDto: (d) => ({ accessPolicyId: d.accessPolicyId, contractPolicyId: d.contractPolicyId, assetsSelector: d.assetsSelector, approval: d.approval ?? 'auto' }),
  };
}

export function contractDefinitionsRoutes(deps: { store: ContractDefinitionStore; ids: IdGenerator; validator: RequestValidator; warnings?: Warn | undefined }): RouteDef[] {
  return resourceRoutes(contractDefinitionResourceSpec(deps));
}
