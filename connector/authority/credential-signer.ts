/** Signs credentials for the authority (Data Integrity, eddsa-rdfc-2022) with its current key. */
export interface CredentialSigner {
  /** The issuer DID written into every credential. */
  readonly issuerDid: string;
  /** Adds a proof to an unsigned VC 2.0 credential (the input is not mutated). */
  sign(unsigned: Record<string, unknown>): Promise<Record<string, unknown>>;
}
