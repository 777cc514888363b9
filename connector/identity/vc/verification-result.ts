/** Named checks of one credential (Credo's W3cVerifyResult style): true means passed. */
export interface CredentialChecks {
  /** The Data Integrity proof verifies against the issuer's key, independent of dates. */
  signature: boolean;
  /** Now lies within validFrom … validUntil (allowing the clock skew). */
  expiry: boolean;
  /** No status entry is set (false too when the status could not be checked). */
  status: boolean;
  /** The issuer is trusted for every type the credential claims. */
  issuerTrusted: boolean;
  /** Every credentialSubject.id is the expected holder; present only when a holder was given. */
  holderBinding?: boolean;
}

export interface CredentialVerification {
  verified: boolean;
  checks: CredentialChecks;
  /** Why each failed check failed: for the log, never for the caller. */
  errors: string[];
  credentialId: string | undefined;
  issuer: string | undefined;
  types: string[];
}

export interface PresentationChecks {
  /** The presentation proof verifies, with the expected challenge and domain. */
  signature: boolean;
  /** `holder` is the expected DID and the proof's key belongs to it. */
  holder: boolean;
  /** There is at least one credential and every one verified. */
  credentials: boolean;
}

export interface PresentationVerification {
  verified: boolean;
  checks: PresentationChecks;
  errors: string[];
  credentialResults: CredentialVerification[];
}
