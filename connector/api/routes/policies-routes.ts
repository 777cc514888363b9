import type { PolicyDefinition, PolicyDefinitionStore } from '../../../catalog/index.js';
import type { IdGenerator } from '../../../core/index.js';
import type { RequestValidator } from '../request-validator.js';
import type { RouteDef } from '../route-def.js';
import { resourceRoutes } from './resource-routes.js';

/** Checks a policy beyond its JSON shape; throws POLICY_INVALID naming each bad term. */
export type PolicyCheck = (policy: Record<string, unknown>) => void;

export function policiesRoutes(deps: { store: PolicyDefinitionStore; ids: IdGenerator; validator: RequestValidator; checkPolicy?: PolicyCheck }): RouteDef[] {
  return resourceRoutes<PolicyDefinition, Record<string, string>>({
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
    check: (p) => deps.checkPolicy?.(p.policy),
  });
}
