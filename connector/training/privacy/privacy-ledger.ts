/** What a site has spent of an agreement's privacy budget: the composed RDP curve (over DEFAULT_ORDERS) and its ε at δ. */
export interface PrivacySpend {
  agreementId: string;
  delta: number;
  epsilon: number;
  rdp: number[];
  /** Training rounds charged. */
  rounds: number;
  updatedAt: number;
}

/**
 * The site's persistent privacy ledger, one row per agreement (it survives restarts). `spend` is a compare-and-swap:
 * it records the new totals only while the agreement still has `previousRounds` charged rounds (0: none yet) and
 * returns false otherwise, so two concurrent rounds under one agreement can never both spend the same remainder.
 */
export interface PrivacyLedger {
  find(agreementId: string): Promise<PrivacySpend | undefined>;
  spend(agreementId: string, previousRounds: number, next: { delta: number; epsilon: number; rdp: number[] }): Promise<boolean>;
}
