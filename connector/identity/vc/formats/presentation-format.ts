import type { JsonObject } from '../credential-fields.js';
import type { PresentationExpectations } from '../credential-verifier.js';
import type { PresentationVerification } from '../verification-result.js';

export interface VerifiedPresentation {
  verification: PresentationVerification;
  /** The credentials as JSON objects in VC 2.0 field names, whatever their securing: what policy and evidence read. */
  credentials: JsonObject[];
}

/**
 * One way presentations and their credentials are secured (the credential-format seam). The verifier asks each
 * format in turn whether it reads an entry of a DCP `presentation` array; the first that does verifies it. Formats
 * differ only in how signatures, envelopes and claims are read: trust, dates, status and holder binding are judged
 * once, by `CredentialVerifier.assessCredential`.
 */
export interface PresentationFormat {
  /** For logs and evidence: `ldp-eddsa-rdfc-2022`, `jwt` (`vc11-sl2021/jwt`, `vc20-bssl/jwt`). */
  readonly name: string;
  accepts(entry: unknown): boolean;
  /** Never throws for bad input. `challenge` applies to formats that bind one (Data Integrity); `domain` is our DID. */
  verify(entry: unknown, expected: PresentationExpectations): Promise<VerifiedPresentation>;
}
