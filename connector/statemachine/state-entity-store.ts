import type { StatefulEntity } from './stateful-entity.js';

export interface ClaimQuery<S extends string> {
  states: readonly S[];
  limit: number;
  /** Who claims: a unique id per process (and loop). */
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
 *   even across processes sharing one database. Oldest state change first.
 * - `claimById` leases one entity or throws LEASE_HELD (someone else holds it) / NOT_FOUND.
 * - `find…` returns undefined, `get…` throws NOT_FOUND.
 */
export interface StateEntityStore<E extends StatefulEntity> {
  findById(id: string): Promise<E | undefined>;
  getById(id: string): Promise<E>;
  findByCorrelationId(correlationId: string): Promise<E | undefined>;
  save(entity: E, releaseFor?: string): Promise<E>;
  claimDue(query: ClaimQuery<E['state']>): Promise<E[]>;
  claimById(id: string, owner: string, leaseMs: number): Promise<E>;
  release(id: string, owner: string): Promise<void>;
  list(query: { states?: readonly E['state'][]; offset: number; limit: number }): Promise<{ items: E[]; total: number }>;
}
