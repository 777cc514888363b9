/** A contract both parties agreed on: the exact offer policy, who agreed, when, signed by the provider. */
export interface ContractAgreement {
  /** Stable agreement id (an IRI, `urn:uuid:…`). */
  id: string;
  negotiationId: string;
  /** The provider's DID (ODRL assigner). */
  assigner: string;
  /** The consumer's DID (ODRL assignee). */
  assignee: string;
  /** The dataset (asset) id the agreement is about. */
  assetId: string;
  /** The ODRL Agreement as sent in the ContractAgreementMessage. */
  policy: Record<string, unknown>;
  /** Epoch ms of the agreement. */
  signedAt: number;
  /** The agreement as a verifiable credential issued by the provider (absent only for development identity). */
  credential?: Record<string, unknown>;
  status: 'active' | 'revoked';
  revokedAt?: number;
  /**
   * The participant that revoked it: this connector's own participant id for a revocation through its management API,
   * or the provider's DID, learned from the provider (consumer side). Absent on agreements revoked before it was kept.
   */
  revokedBy?: string;
  /** Why, as the party in `revokedBy` said it (a revocation learned from the provider). */
  revocationReason?: string;
}

/**
 * Agreements. `save` inserts (ALREADY_EXISTS when the id exists); `revoke` is idempotent: only the first one sets
 * `revokedAt` (and `revokedBy` and `revocationReason` from `revocation`: who revoked, and why when a revocation
 * learned from another party says so), a repeat returns the agreement as it is.
 * `find…` → undefined; `get…` → NOT_FOUND.
 */
export interface AgreementStore {
  save(agreement: ContractAgreement): Promise<void>;
  findById(id: string): Promise<ContractAgreement | undefined>;
  getById(id: string): Promise<ContractAgreement>;
  list(query: { offset: number; limit: number; counterPartyId?: string; assetId?: string }): Promise<{ items: ContractAgreement[]; total: number }>;
  revoke(id: string, at: number, revocation?: { by: string; reason?: string }): Promise<ContractAgreement>;
}
