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
  /**
   * Lets `owner`'s claim go unfinished: the next recovery takes the item up. With `failure` (why a step failed), the
   * attempt counts: no claim takes the item before its back-off has passed (afterWorkRetryDelayMs).
   */
  release(trainingId: string, owner: string, failure?: string): Promise<void>;
  /** The ids of items not done and due (no back-off running), in id order, after `after` (a page at a time). */
  pending(page: { after?: string | undefined; limit: number }): Promise<string[]>;
  /** The items of these trainings (none for a training that has not ended). */
  statusOf(trainingIds: readonly string[]): Promise<Map<string, AfterWorkStatus>>;
}

/** Where a training's after-work stands: done, or owed with its failed attempts so far. */
export interface AfterWorkStatus {
  done: boolean;
  /** Failed attempts (0 while none failed; it stays when a later attempt succeeds). */
  attempts: number;
  /** Why the last failed attempt failed. */
  lastError?: string | undefined;
  /** The earliest next attempt after a failure (epoch ms), while not done. */
  retryAt?: number | undefined;
}

const MINUTE = 60_000;

/** The back-off after the `attempts`-th failed attempt: one minute, doubling, at most an hour. */
export function afterWorkRetryDelayMs(attempts: number): number {
  return Math.min(60 * MINUTE, MINUTE * 2 ** Math.max(0, Math.min(attempts, 7) - 1));
}

/** A failure's reason as kept with the item: one line, at most 500 characters. */
export function afterWorkFailure(what: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${what}: ${message}`.replace(/\s+/g, ' ').slice(0, 500);
}
