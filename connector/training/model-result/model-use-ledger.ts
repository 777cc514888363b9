import type { AuditInput } from '../../audit/index.js';

/** What a decision under the agreements yields: whether it is a use to count, the audit entries recording it, and its answer. */
export interface UseDecision<T> {
  counted: boolean;
  audit: AuditInput[];
  result: T;
}

/**
 * The model use counts per agreement (what a policy's `count` bounds: predictions and exports together), claimed once:
 * `decide` runs inside the store's transaction with the counts it holds locked; when it counts the use, every
 * agreement's count goes up by one, and its audit entries are appended in the same transaction. So two requests, on
 * one replica or two, cannot both take the last allowed use, and no use is counted without its audit entries.
 */
export interface ModelUseLedger {
  decide<T>(agreementIds: readonly string[], decide: (counts: ReadonlyMap<string, number>) => UseDecision<T>): Promise<T>;
  /** Uses counted under an agreement (0 when none). */
  count(agreementId: string): Promise<number>;
}
