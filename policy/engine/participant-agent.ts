/**
 * Who is asking, as the identity layer verified it. The policy engine reads only this;
 * it never sees tokens, DIDs documents or credentials themselves.
 */
export interface FrameworkAgreementClaim {
  /** Name of the framework agreement, e.g. "DataExchangeGovernance". */
  name: string;
  /** Version string, e.g. "1.0". */
  version: string;
}

export interface ParticipantClaims {
  /** Membership in the data space, from a verified, unrevoked MembershipCredential. */
  membership?: { active: boolean; since?: string; issuer?: string };
  /** Every verified credential type the participant holds (e.g. "MembershipCredential"). */
  credentialTypes: readonly string[];
  businessPartnerNumber?: string;
  businessPartnerGroups?: readonly string[];
  frameworkAgreements?: readonly FrameworkAgreementClaim[];
  roles?: readonly string[];
  legalName?: string;
  /** Anything else a deployment maps from credentials. */
  [extra: string]: unknown;
}

export interface ParticipantAgent {
  /** The participant's DID (the verified `iss` of its token). */
  id: string;
  claims: ParticipantClaims;
}
