/** How the authority secures what it issues: Data Integrity (eddsa-rdfc-2022) or one of DCP's JOSE profiles. */
export type IssuedFormat = 'ldp' | 'vc11-sl2021/jwt' | 'vc20-bssl/jwt';

/** Signs credentials for the authority with its current key, in its configured format. */
export interface CredentialSigner {
  /** The issuer DID written into every credential. */
  readonly issuerDid: string;
  readonly format: IssuedFormat;
  /** The verification method (DID URL) it signs with now: a set signed with another is not handed out again. */
  keyId(): string;
  /**
   * Secures an unsigned credential (the input is not mutated): a JSON credential with a proof (`ldp`), or a compact
   * JWT. The credential's shape (VC 1.1 for `vc11-sl2021/jwt`, VC 2.0 otherwise) is the caller's.
   */
  sign(unsigned: Record<string, unknown>): Promise<Record<string, unknown> | string>;
}
