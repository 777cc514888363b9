import { isConnectorError } from '../../core/index.js';
import type { Lease, StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

export interface UpdateOptions<E extends StatefulEntity> {
  /** Tries before a VERSION_CONFLICT is thrown (default 5). */
  attempts?: number;
  /** The entity as the caller just read it: the first try starts from it instead of reading it again. */
  current?: E;
  /** The lease the save may take for the loop that handles the result next (StateMachineLoop.leaseFor). */
  leaseFor?: ((next: E) => Lease | undefined) | undefined;
}

/**
 * Read-modify-write with the optimistic version check, retried a few times when a concurrent writer (the
 * state-machine loop, another inbound message) got there first. `mutate` may throw to refuse the change;
 * returning the entity unchanged writes nothing. `leased`: the save took the lease `leaseFor` asked for.
 */
export async function updateEntity<E extends StatefulEntity>(
  store: StateEntityStore<E>,
  id: string,
  mutate: (current: E) => E,
  options: UpdateOptions<E> = {},
): Promise<{ before: E; after: E; leased: boolean }> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const before = attempt === 1 && options.current?.id === id ? options.current : await store.getById(id);
    const next = mutate(before);
    if (next === before) return { before, after: before, leased: false };
    try {
      const lease = options.leaseFor?.(next);
      if (!lease) return { before, after: await store.save(next), leased: false };
      const { saved, leased } = await store.saveAndLease(next, lease);
      return { before, after: saved, leased };
    } catch (error) {
      if (!(isConnectorError(error) && error.code === 'VERSION_CONFLICT') || attempt >= attempts) throw error;
    }
  }
}
