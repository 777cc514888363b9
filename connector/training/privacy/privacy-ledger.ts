/** What a site has spent under one agreement's privacy budget: the composed RDP curve (over DEFAULT_ORDERS) and its ε at δ. */
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
 * The site's persistent privacy ledger, one row per agreement (it survives restarts). A budget binds a data set and a
 * counterparty: the agreements that share one are those this site (as provider) made with the same counterparty on
 * the same asset, and what they spent composes (budgetRound), so a renegotiated offer starts no fresh budget.
 * `spend` is a compare-and-swap over that shared budget, serialised per (asset, counterparty): it records the
 * agreement's new totals only while the agreements sharing its budget still have `previousRounds` charged rounds in
 * total (0: none yet), and returns false otherwise, so two concurrent rounds, under one agreement or under two on the
 * same data set, can never both spend the same remainder.
 */
export interface PrivacyLedger {
  find(agreementId: string): Promise<PrivacySpend | undefined>;
  /** The spends of every agreement sharing this one's budget (this one's among them once it has spent). */
  findShared(agreementId: string): Promise<PrivacySpend[]>;
  spend(agreementId: string, previousRounds: number, next: { delta: number; epsilon: number; rdp: number[] }): Promise<boolean>;
}
