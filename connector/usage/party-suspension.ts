import { ConnectorError } from '../../core/index.js';
import type { StandingCheck } from '../peer/standing-check.js';

/**
 * A counterparty we no longer do new business with: no new negotiations, transfers or training rounds, and its
 * live transfers end at the policy monitor's next sweep. Set when a duty it owed us was breached (the consequence
 * of a missed deletion deadline) or by the operator; only the operator lifts it.
 */
export interface PartySuspension {
  readonly participantId: string;
  readonly reason: string;
  readonly source: 'missed-deadline' | 'operator';
  readonly agreementId?: string;
  readonly createdAt: number;
}

export interface SuspensionStore {
  /** Idempotent: an already suspended party keeps its first suspension, which is returned with `created: false`. */
  suspend(s: Omit<PartySuspension, 'createdAt'>): Promise<{ suspension: PartySuspension; created: boolean }>;
  find(participantId: string): Promise<PartySuspension | undefined>;
  list(query: { offset: number; limit: number }): Promise<{ items: PartySuspension[]; total: number }>;
  /** Removes the suspension and returns it; undefined when the party was not suspended. */
  lift(participantId: string): Promise<PartySuspension | undefined>;
}

export function standingCheck(store: Pick<SuspensionStore, 'find'>): StandingCheck {
  return async (participantId) => {
    const s = await store.find(participantId);
    // The operator's own words stay in our audit log; a breached duty is named, so the counterparty knows what to mend.
    if (s) throw new ConnectorError('FORBIDDEN', { detail: `participant '${participantId}' is suspended: ${s.source === 'operator' ? 'by the operator' : s.reason}` });
  };
}
