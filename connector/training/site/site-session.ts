/** A site's view of one training transfer: which agreement, which coordinator, which rounds it has served. */
export interface SiteSession {
  transferId: string;
  agreementId: string;
  coordinatorDid: string;
  assetId: string;
  /** Training rounds actually served (the agreement's round budget counts these). */
  roundsDone: number;
  /** Evaluation rounds actually served. */
  evaluationsDone: number;
  /** The number of the last training round served (0: none); a site that missed rounds has lastRound > roundsDone. */
  lastRound: number;
  /** The number of the last evaluation round served (0: none). */
  lastEvaluation: number;
  /** jti of round tokens already used (the last few), so a replay is refused even within one round. */
  usedTokens: string[];
  /** 'suspended': the training transfer is suspended (no rounds until it resumes, its counters kept); 'ended': for good. */
  status: 'active' | 'suspended' | 'ended';
  /** How often the training transfer was suspended (absent: never): a training session token opened before the last suspension is refused. */
  suspensions?: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * Site sessions. `advance` is the atomic round counter: only if the session is active, the token unused and `round`
 * later than the last served round of that task, it sets the last served round to `round`, counts one more served
 * round and records the token id; it returns false otherwise (a replay, an earlier round, or a concurrent request
 * for the same round that lost: exactly one wins). Later rounds may skip numbers (a site that missed rounds rejoins).
 */
export interface SiteSessionStore {
  open(
    session: Omit<SiteSession, 'roundsDone' | 'evaluationsDone' | 'lastRound' | 'lastEvaluation' | 'usedTokens' | 'status' | 'suspensions' | 'createdAt' | 'updatedAt'>,
  ): Promise<SiteSession>;
  find(transferId: string): Promise<SiteSession | undefined>;
  /**
   * `seen`: the session as the caller read it for this request; the store may try its update on that reading first
   * (compare-and-swap: a session that changed since is read again), saving a read.
   */
  advance(transferId: string, round: number, jti: string, task: 'fit' | 'evaluate' | 'statistics', seen?: SiteSession): Promise<boolean>;
  /** An active session becomes suspended and counts one more suspension; any other stays as it is. */
  suspend(transferId: string): Promise<void>;
  /** A suspended session becomes active again, its counters kept; an active or ended one stays as it is. */
  resume(transferId: string): Promise<void>;
  end(transferId: string): Promise<void>;
  listActive(): Promise<SiteSession[]>;
  /** The sessions not ended (active or suspended): their training may still go on. */
  listLive(): Promise<SiteSession[]>;
  /** Training rounds served under an agreement, over all its training transfers (the agreement's round budget). */
  roundsUnderAgreement(agreementId: string): Promise<number>;
}
