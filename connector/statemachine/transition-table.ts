import { ConnectorError, type Clock } from '../../core/index.js';
import type { StatefulEntity } from './stateful-entity.js';

/** Allowed next states per state, for one role. Re-entering the same state (a retry) is always allowed. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return from === to || table[from].includes(to);
}

/**
 * Moves an entity to `to`, or throws INVALID_TRANSITION. Re-entering the same state increments
 * `stateCount`; any other move resets it to 1. Returns a new object; the input is not changed.
 */
export function applyTransition<S extends string, E extends StatefulEntity<S>>(table: TransitionTable<S>, entity: E, to: S, clock: Clock): E {
  if (!canTransition(table, entity.state, to)) {
    throw new ConnectorError('INVALID_TRANSITION', { detail: `cannot move from ${entity.state} to ${to}` });
  }
  const now = clock.now();
  const next: E = { ...entity, state: to, stateCount: entity.state === to ? entity.stateCount + 1 : 1, stateTimestamp: now, nextAttemptAt: now };
  if (entity.state !== to) delete next.errorDetail;
  return next;
}
