import type { FrameworkAgreementClaim, ParticipantAgent, ParticipantClaims } from '../../policy/index.js';
import { isObject, issuerOf, specificTypes, subjectsOf, type JsonObject } from './vc/credential-fields.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
const unique = (values: string[]) => [...new Set(values)];

/**
 * Turn verified credentials of one holder into the claims the policy engine reads. Only call it
 * with credentials that passed every check: the function trusts what it is given.
 */
export function toParticipantAgent(holder: string, credentials: readonly JsonObject[]): ParticipantAgent {
  const claims: ParticipantClaims = { credentialTypes: unique(credentials.flatMap(specificTypes)) };
  const subjects = credentials.flatMap((c) =>
    subjectsOf(c)
      .filter((s) => s.id === holder)
      .map((s) => ({ credential: c, subject: s })),
  );
  const membership = credentials.find((c) => specificTypes(c).includes('MembershipCredential'));
  if (membership) {
    const since = subjectsOf(membership)[0]?.memberSince;
    const issuer = issuerOf(membership);
    claims.membership = { active: true, ...(typeof since === 'string' ? { since } : {}), ...(issuer ? { issuer } : {}) };
  }
  const first = (key: string) => subjects.map(({ subject }) => subject[key]).find((v): v is string => typeof v === 'string');
  const bpn = first('businessPartnerNumber') ?? first('holderIdentifier');
  if (bpn) claims.businessPartnerNumber = bpn;
  const legalName = first('legalName');
  if (legalName) claims.legalName = legalName;
  const groups = unique(subjects.flatMap(({ subject }) => strings(subject.businessPartnerGroups)));
  if (groups.length > 0) claims.businessPartnerGroups = groups;
  const roles = unique(subjects.flatMap(({ subject }) => strings(subject.roles)));
  if (roles.length > 0) claims.roles = roles;
  const agreements = subjects.map(({ credential, subject }) => frameworkAgreementOf(credential, subject)).filter((a): a is FrameworkAgreementClaim => a !== undefined);
  if (agreements.length > 0) claims.frameworkAgreements = agreements;
  return { id: holder, claims };
}

function frameworkAgreementOf(credential: JsonObject, subject: JsonObject): FrameworkAgreementClaim | undefined {
  if (!isObject(subject) || typeof subject.contractVersion !== 'string') return undefined;
  if (typeof subject.frameworkAgreement === 'string') return { name: subject.frameworkAgreement, version: subject.contractVersion };
  if (specificTypes(credential).includes('DataExchangeGovernanceCredential')) return { name: 'DataExchangeGovernance', version: subject.contractVersion };
  return undefined;
}
