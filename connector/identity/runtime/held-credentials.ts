/** A credential this participant holds (issued to it by the authority), as issued: proof included. */
export interface HeldCredential {
  id: string;
  issuer: string;
  types: string[];
  /** Epoch ms. */
  validUntil: number;
  receivedAt: number;
  credential: Record<string, unknown>;
}

/** The holder's wallet. `replaceAll` swaps the whole set atomically (a refresh replaces the previous issue). */
export interface HeldCredentialStore {
  replaceAll(credentials: readonly HeldCredential[]): Promise<void>;
  list(): Promise<HeldCredential[]>;
}
