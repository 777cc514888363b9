import type { ResourceStore } from '../resource/resource-store.js';
import type { ContractDefinition, ContractDefinitionFilter } from './contract-definition.js';

/** Contract definitions. `create`/`replace` throw VALIDATION_FAILED when a referenced policy does not exist. */
export type ContractDefinitionStore = ResourceStore<ContractDefinition, ContractDefinitionFilter>;
