/** The states in which a training has ended: its after-work is owed (training-after-work.ts). */
export const ENDED_TRAINING_STATES = ['COMPLETED', 'STOPPED', 'FAILED'] as const;

/**
 * The after-work of ended trainings as a durable to-do list: the store writes an item with the save that ends a
 * training; a process claims an item before doing its work (a lease, so that a crashed claimer's item comes free
 * again) and marks it done when all of it succeeded. Two replicas never hold one item at once.
 */
export interface AfterWorkClaims {
  /** Takes the item for `owner` until `leaseMs` from now; false when it is done, unknown, or under another live claim. */
  claim(trainingId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Extends `owner`'s live claim to `leaseMs` from now; false when the claim is no longer `owner`'s (or the item is done). */
  renew(trainingId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Marks the item done: no claim succeeds on it again. */
  done(trainingId: string): Promise<void>;
  /** Lets `owner`'s claim go unfinished: the next recovery takes the item up. */
  release(trainingId: string, owner: string): Promise<void>;
  /** The ids of items not done, in id order, after `after` (a page at a time). */
  pending(page: { after?: string | undefined; limit: number }): Promise<string[]>;
}
