/** A duty compiled from an agreement (delete, inform, suspend…) that must run at `dueAt`, durably. */
export type DutyState = 'pending' | 'running' | 'done' | 'failed';

export interface DutyTimer {
  readonly id: string;
  readonly agreementId: string;
  /** What to do, e.g. 'delete', 'inform', 'suspend'; the runner maps it to code. */
  readonly action: string;
  readonly dueAt: number;
  readonly state: DutyState;
  /** How often it was claimed (incremented by each claim). */
  readonly attempts: number;
  /** What the action needs, e.g. { artifactClass, consequence }. JSON. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly lastError?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface DutyClaim {
  readonly now: number;
  readonly owner: string;
  readonly leaseMs: number;
  readonly limit: number;
}

/**
 * Durable timers (never setTimeout alone): a sweeper calls `claimDue` on start-up and periodically.
 * A claim leases due pending timers — and running ones whose lease expired (a crashed worker) — to one
 * owner; the owner then completes, reschedules or fails them.
 */
export interface DutyTimerStore {
  /** Fails with ALREADY_EXISTS for a known id: compile duties with deterministic ids to stay idempotent. */
  schedule(timer: { id: string; agreementId: string; action: string; dueAt: number; payload?: Record<string, unknown> }): Promise<DutyTimer>;
  claimDue(claim: DutyClaim): Promise<DutyTimer[]>;
  complete(id: string, owner: string): Promise<DutyTimer>;
  /** Back to pending at `nextDueAt` (a retry or an escalation step), with the error kept. */
  reschedule(id: string, owner: string, nextDueAt: number, error?: string): Promise<DutyTimer>;
  fail(id: string, owner: string, error: string): Promise<DutyTimer>;
  findById(id: string): Promise<DutyTimer | undefined>;
  list(query: { agreementId?: string | undefined; states?: readonly DutyState[]; offset: number; limit: number }): Promise<{ items: DutyTimer[]; total: number }>;
}
