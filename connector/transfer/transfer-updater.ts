import { isConnectorError } from '../../core/index.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { TransferProcess } from './transfer-process.js';

/**
 * Read-modify-write with the optimistic version check, retried a few times when a concurrent writer (the
 * state-machine loop, another inbound message) got there first. `mutate` may throw to refuse the change.
 */
export async function updateTransfer(
  store: StateEntityStore<TransferProcess>,
  id: string,
  mutate: (current: TransferProcess) => TransferProcess,
  attempts = 5,
): Promise<{ before: TransferProcess; after: TransferProcess }> {
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
