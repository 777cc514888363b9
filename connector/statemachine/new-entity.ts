import type { StatefulEntity } from './stateful-entity.js';

/** The bookkeeping of an entity entering its first state `state` at `now`: due at once, never saved yet. */
export function newEntity<S extends string>(
  state: S,
  now: number,
): Pick<StatefulEntity<S>, 'state' | 'stateCount' | 'stateTimestamp' | 'nextAttemptAt' | 'pending' | 'version' | 'createdAt' | 'updatedAt'> {
  return { state, stateCount: 1, stateTimestamp: now, nextAttemptAt: now, pending: false, version: 0, createdAt: now, updatedAt: now };
}
