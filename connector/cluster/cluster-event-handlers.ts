import type { ClusterEvent } from './cluster-event.js';

/** What one replica does locally on a cluster event (from any replica, this one included). */
export interface LocalEffects {
  /** Drops the identity caches (verified presentations, DID documents, status lists). */
  flushIdentity(): void;
  /** Ends the training sessions (decision 0028), opened after identities verified that a flush now asks to verify again. */
  endTrainingSessions(): void;
  /** Sweeps the policy monitor now: ends what no longer holds and cuts this replica's streams that may not flow. */
  recheck(): void;
  /** Drops the catalog caches. */
  invalidateCatalog(): void;
  /** Cuts this replica's live streams of the transfer. */
  cut(transferId: string, reason: string): void;
}

/** Maps each cluster event to its local effects; a `resync` (events may have been lost) does all of them. */
export function clusterEventHandler(local: LocalEffects): (event: ClusterEvent) => void {
  return (event) => {
    switch (event.kind) {
      case 'identity.flushed':
        local.flushIdentity();
        local.endTrainingSessions();
        local.recheck();
        return;
      case 'suspension.changed':
        local.recheck();
        return;
      case 'catalog.changed':
        local.invalidateCatalog();
        return;
      case 'transfer.cut':
        local.cut(event.transferId, event.reason);
        return;
      case 'resync':
        local.flushIdentity();
        local.endTrainingSessions();
        local.invalidateCatalog();
        local.recheck();
        return;
    }
  };
}
