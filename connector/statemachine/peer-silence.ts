import type { StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

/**
 * The states in which our side only waits for the peer's next message, and how long a silence there lasts before we
 * ask the peer for its state: a peer that ended the process while it could not reach us never tells us again.
 * `silenceMs` 0: never asked.
 */
export interface PeerSilence<E extends StatefulEntity> {
  silenceMs: number;
  /** Whether the entity's state only waits for the peer (the role's transition table decides). */
  waits(entity: E): boolean;
}

/**
 * An entity that just entered a waiting state (due at its state's start, as every transition leaves it) is due
 * `silenceMs` later: then the loop's claim finds it for a check of the peer. Any other is returned as it is.
 */
export function dueAfterSilence<E extends StatefulEntity>(entity: E, silence: PeerSilence<E>): E {
  if (silence.silenceMs <= 0 || entity.nextAttemptAt > entity.stateTimestamp || !silence.waits(entity)) return entity;
  return { ...entity, nextAttemptAt: entity.stateTimestamp + silence.silenceMs };
}

/**
 * The store with every save giving an entity that enters a waiting state its due time (dueAfterSilence), in the save
 * that moves it there: waiting costs no statement of its own.
 */
export function silenceDueStore<E extends StatefulEntity>(store: StateEntityStore<E>, silence: PeerSilence<E>): StateEntityStore<E> {
  if (silence.silenceMs <= 0) return store;
  return {
    findById: (id) => store.findById(id),
    getById: (id) => store.getById(id),
    findByCorrelationId: (id, party) => store.findByCorrelationId(id, party),
    save: (entity, releaseFor) => store.save(dueAfterSilence(entity, silence), releaseFor),
    saveAndLease: (entity, lease, releaseFor) => store.saveAndLease(dueAfterSilence(entity, silence), lease, releaseFor),
    claimDue: (query) => store.claimDue(query),
    claimById: (id, owner, leaseMs) => store.claimById(id, owner, leaseMs),
    release: (id, owner) => store.release(id, owner),
    list: (query) => store.list(query),
  };
}
