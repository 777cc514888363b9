/** A site's view of one training transfer: which agreement, which coordinator, how many rounds it has served. */
export interface SiteSession {
  transferId: string;
  agreementId: string;
  coordinatorDid: string;
  assetId: string;
  roundsDone: number;
  evaluationsDone: number;
  /** jti of round tokens already used (the last few), so a replay is refused even within one round. */
  usedTokens: string[];
  status: 'active' | 'ended';
  createdAt: number;
  updatedAt: number;
}

/**
 * Site sessions. `advance` is the atomic round counter: it moves roundsDone from `expected` to `expected + 1`
 * only if nobody else did, and records the token id; it returns false when the round was already taken.
 */
export interface SiteSessionStore {
  open(session: Omit<SiteSession, 'roundsDone' | 'evaluationsDone' | 'usedTokens' | 'status' | 'createdAt' | 'updatedAt'>): Promise<SiteSession>;
  find(transferId: string): Promise<SiteSession | undefined>;
  advance(transferId: string, expected: number, jti: string, task: 'fit' | 'evaluate'): Promise<boolean>;
  end(transferId: string): Promise<void>;
  listActive(): Promise<SiteSession[]>;
  /** Training rounds served under an agreement, over all its training transfers (the agreement's round budget). */
  roundsUnderAgreement(agreementId: string): Promise<number>;
}
