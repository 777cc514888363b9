import { KONTOR_CONTEXT_V1_URL } from '../contexts/kontor-v1.js';

const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', KONTOR_CONTEXT_V1_URL];

export interface CredentialEnvelope {
  /** Absolute IRI, e.g. `urn:uuid:…`. */
  id: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  /** A `bitstringStatusEntry(...)`. */
  credentialStatus?: Record<string, unknown>;
}

export interface MembershipSubject {
  id: string;
  legalName: string;
  businessPartnerNumber?: string;
  businessPartnerGroups?: readonly string[];
  roles?: readonly string[];
  /** The data space (usually the authority's DID). */
  memberOf: string;
  memberSince?: string;
}

export interface FrameworkAgreementSubject {
  id: string;
  /** e.g. "DataExchangeGovernance". */
  frameworkAgreement: string;
  contractVersion: string;
  contractTemplate?: string;
  /** The holder's business partner number, as Catena-X puts it. */
  holderIdentifier?: string;
}

const envelope = (e: CredentialEnvelope) => ({
  id: e.id,
  issuer: e.issuer,
  validFrom: e.validFrom,
  validUntil: e.validUntil,
  ...(e.credentialStatus ? { credentialStatus: e.credentialStatus } : {}),
});

const withoutUndefined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** An unsigned MembershipCredential (sign with `issueCredential`). */
export function buildMembershipCredential(e: CredentialEnvelope, subject: MembershipSubject): Record<string, unknown> {
  return {
    '@context': CONTEXTS,
    type: ['VerifiableCredential', 'MembershipCredential'],
    ...envelope(e),
    credentialSubject: withoutUndefined({
      ...subject,
      businessPartnerGroups: subject.businessPartnerGroups ? [...subject.businessPartnerGroups] : undefined,
      roles: subject.roles ? [...subject.roles] : undefined,
    }),
  };
}

/**
 * An unsigned framework-agreement credential. With `DataExchangeGovernance` as the agreement the
 * type is Catena-X's `DataExchangeGovernanceCredential`, else `FrameworkAgreementCredential`.
 */
export function buildFrameworkAgreementCredential(e: CredentialEnvelope, subject: FrameworkAgreementSubject): Record<string, unknown> {
  const type = subject.frameworkAgreement === 'DataExchangeGovernance' ? 'DataExchangeGovernanceCredential' : 'FrameworkAgreementCredential';
  return {
    '@context': CONTEXTS,
    type: ['VerifiableCredential', type],
    ...envelope(e),
    credentialSubject: withoutUndefined({ ...subject }),
  };
}
