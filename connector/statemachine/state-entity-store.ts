import type { StatefulEntity } from './stateful-entity.js';

export interface ClaimQuery<S extends string> {
  states: readonly S[];
  limit: number;
  /** Who claims: a unique id per process (and loop). */
  owner: string;
  leaseMs: number;
  /** Counterparties whose entities are not claimed now (each holds its full share of the loop: counterparty-share.ts). */
  skipCounterParties?: readonly string[];
}

/** A lease a save may take for the loop that is to handle the saved entity next (see StateMachineLoop.leaseFor). */
export interface Lease {
  owner: string;
  leaseMs: number;
}

/**
 * Persistence for leased state-machine entities. Contract for implementors:
 * - `save` inserts when `version` is 0 and otherwise updates only if the stored version equals
 *   `entity.version` (else VERSION_CONFLICT); it bumps the version, returns the saved entity, and
 *   releases the lease when `releaseFor` names its holder.
 * - `claimDue` atomically leases up to `limit` entities in one of `states` that are not pending, are due
 *   (`nextAttemptAt <= now`) and hold no live lease; no entity is ever leased to two owners at once,
 *   even across processes sharing one database, and none of a counterparty in `skipCounterParties`. Earliest due
 *   first: by `nextAttemptAt`, then `stateTimestamp` (a retry is due when its back-off ends, not when its state began).
 * - `saveAndLease` saves as `save` does and, in the same statement, leases the entity to `lease.owner` unless
 *   someone other than `releaseFor` holds a live lease on it (`leased` says which): the hand-off of a change to the
 *   loop that handles it next, without a claim.
 * - `claimById` leases one entity or throws LEASE_HELD (someone else holds it) / NOT_FOUND.
 * - `find…` returns undefined, `get…` throws NOT_FOUND.
 */
export interface StateEntityStore<E extends StatefulEntity> {
  findById(id: string): Promise<E | undefined>;
  getById(id: string): Promise<E>;
  /** The entity that `counterPartyId` correlates by `correlationId` (its own process id: unique only per counterparty). */
  findByCorrelationId(correlationId: string, counterPartyId: string): Promise<E | undefined>;
  save(entity: E, releaseFor?: string): Promise<E>;
  saveAndLease(entity: E, lease: Lease, releaseFor?: string): Promise<{ saved: E; leased: boolean }>;
  claimDue(query: ClaimQuery<E['state']>): Promise<E[]>;
  claimById(id: string, owner: string, leaseMs: number): Promise<E>;
  release(id: string, owner: string): Promise<void>;
  list(query: { states?: readonly E['state'][]; offset: number; limit: number }): Promise<{ items: E[]; total: number }>;
}
