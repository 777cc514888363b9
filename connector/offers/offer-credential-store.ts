/** One signed offer credential, stored under the offer id and the hash of the content it attests. */
export interface StoredOfferCredential {
  offerId: string;
  contentHash: string;
  signedAt: number;
  credential: Record<string, unknown>;
}

/** Signed offer credentials survive restarts, so an unchanged offer is never signed twice. */
export interface OfferCredentialStore {
  /** The stored credentials for these (offer id, content hash) pairs; one query for the lot. */
  findMany(keys: readonly { offerId: string; contentHash: string }[]): Promise<StoredOfferCredential[]>;
  /** Insert; a pair already stored (signed concurrently elsewhere) is left as it is. */
  save(record: StoredOfferCredential): Promise<void>;
}
