import type { PolicyDefinition, PolicyDefinitionStore } from '../../../catalog/index.js';
import type { IdGenerator } from '../../../core/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { policyAsStored } from './policy-json-ld.js';
import { resourceRoutes, type ResourceRoutesSpec } from './resource-routes.js';

/** Checks a policy beyond its JSON shape; throws POLICY_INVALID naming each bad term. */
export type PolicyCheck = (policy: Record<string, unknown>) => void;

/** The PolicyDefinition resource as the management API reads and writes it (shared by /api/v1 and the EDC v3 layer). */
export function policyResourceSpec(deps: {
  store: PolicyDefinitionStore;
  ids: IdGenerator;
  validator: RequestValidator;
  checkPolicy?: PolicyCheck;
}): ResourceRoutesSpec<PolicyDefinition, Record<string, string>> {
  return {
    base: '/api/v1/policies',
    store: deps.store,
    inputSchema: 'PolicyDefinitionInput',
    filters: ['q'],
    ids: deps.ids,
    validator: deps.validator,
    fromBody: (body, id) => {
      const def: Omit<PolicyDefinition, 'createdAt' | 'updatedAt' | 'version'> = { id, policy: body.policy as Record<string, unknown> };
      if (typeof body.description === 'string') def.description = body.description;
      return def;
    },
    toDto: (p) => (p.description === undefined ? { policy: p.policy } : { description: p.description, policy: p.policy }),
    check: async (p) => {
      // A policy naming the Catena-X or DSP ODRL-profile context is stored as the engine reads it: Catena-X terms as full IRIs.
      const resource = { ...p, policy: await policyAsStored(p.policy) };
      deps.checkPolicy?.(resource.policy);
      return resource;
    },
  };
}

export function policiesRoutes(deps: { store: PolicyDefinitionStore; ids: IdGenerator; validator: RequestValidator; checkPolicy?: PolicyCheck }): RouteDef[] {
  return resourceRoutes(policyResourceSpec(deps));
}
