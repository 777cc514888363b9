import { isConnectorError } from '../../core/index.js';
import type { StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

/**
 * Read-modify-write with the optimistic version check, retried a few times when a concurrent writer (the
 * state-machine loop, another inbound message) got there first. `mutate` may throw to refuse the change;
 * returning the entity unchanged writes nothing.
 */
export async function updateEntity<E extends StatefulEntity>(store: StateEntityStore<E>, id: string, mutate: (current: E) => E, attempts = 5): Promise<{ before: E; after: E }> {
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
