import type { ResourceStore } from '../resource/resource-store.js';
import type { PolicyDefinition, PolicyDefinitionFilter } from './policy-definition.js';

/** Policy definitions. `delete` throws STILL_REFERENCED when a contract definition uses the policy. */
export type PolicyDefinitionStore = ResourceStore<PolicyDefinition, PolicyDefinitionFilter>;
