import { isConnectorError } from '../../core/index.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { ContractNegotiation } from './contract-negotiation.js';

/**
 * Read-modify-write with the optimistic version check, retried a few times when a concurrent writer (the
 * state-machine loop, another inbound message) got there first. `mutate` may throw to refuse the change.
 */
export async function updateNegotiation(
  store: StateEntityStore<ContractNegotiation>,
  id: string,
  mutate: (current: ContractNegotiation) => ContractNegotiation,
  attempts = 5,
): Promise<{ before: ContractNegotiation; after: ContractNegotiation }> {
  for (let attempt = 1; ; attempt++) {
    const before = await store.getById(id);
    const next = mutate(before);
    if (next === before) return { before, after: before };
    try {
      return { before, after: await store.save(next) };
    } catch (error) {
      if (!(isConnectorError(error) && error.code === 'VERSION_CONFLICT') || attempt >= attempts) throw error;
    }
  }
}
