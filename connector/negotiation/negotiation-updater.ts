import { updateEntity, type UpdateOptions } from '../statemachine/update-entity.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { ContractNegotiation } from './contract-negotiation.js';

/** Optimistic read-modify-write of a negotiation (see updateEntity). */
export const updateNegotiation = (
  store: StateEntityStore<ContractNegotiation>,
  id: string,
  mutate: (current: ContractNegotiation) => ContractNegotiation,
  options?: UpdateOptions<ContractNegotiation>,
) => updateEntity(store, id, mutate, options);
