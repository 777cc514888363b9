import type { Lease, StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

/**
 * How a change made outside the loop (an inbound message, a management call) reaches the loop that handles the
 * entity next: a save that takes the loop's lease hands the entity over at once (`adopt`, no claim statement);
 * otherwise the loop is woken to claim it.
 */
export interface LoopHandOff<E extends StatefulEntity> {
  /** Wakes the state machine after a commit that left work for it. */
  wake(): void;
  /** The lease a save may take for the loop (StateMachineLoop.leaseFor); absent: every change wakes the loop. */
  leaseFor?(entity: E): Lease | undefined;
  /** Handles an entity that a save leased to the loop (StateMachineLoop.adopt). */
  adopt?(entity: E): void;
}

/** Saves `entity`, leased to the loop when it is due work for it (see LoopHandOff). */
export async function saveForLoop<E extends StatefulEntity>(store: StateEntityStore<E>, loop: LoopHandOff<E>, entity: E): Promise<{ saved: E; leased: boolean }> {
  const lease = loop.leaseFor?.(entity);
  return lease ? store.saveAndLease(entity, lease) : { saved: await store.save(entity), leased: false };
}

/**
 * After the commit: the entity goes to the loop (leased), or the loop is woken when the entity is due work for it. A
 * change that leaves the loop nothing to do (a final state, a state it waits in for the peer, a retry due later) wakes
 * nothing: a wake costs a claim statement that would find nothing (the idle timer still looks later).
 */
export function handOff<E extends StatefulEntity>(loop: LoopHandOff<E>, entity: E, leased: boolean): void {
  if (leased && loop.adopt) loop.adopt(entity);
  else if (!loop.leaseFor || loop.leaseFor(entity) !== undefined) loop.wake();
}
