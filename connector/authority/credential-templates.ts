import type { Participant } from './participant.js';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

export interface CredentialDraft {
  type: string;
  subject: Record<string, unknown>;
}

/**
 * The credentials the authority issues to a participant: a MembershipCredential always, a
 * BpnCredential when it has a business partner number, and one DataExchangeGovernanceCredential-style
 * FrameworkAgreementCredential per signed framework agreement.
 */
export function credentialDrafts(p: Participant, dataspaceId: string): CredentialDraft[] {
  const drafts: CredentialDraft[] = [
    {
      type: 'MembershipCredential',
      subject: {
        id: p.did,
        memberOf: dataspaceId,
        legalName: p.legalName,
        roles: p.roles,
        ...(p.businessPartnerNumber ? { holderIdentifier: p.businessPartnerNumber } : {}),
        ...(p.businessPartnerGroups.length > 0 ? { businessPartnerGroups: p.businessPartnerGroups } : {}),
      },
    },
  ];
  if (p.businessPartnerNumber) drafts.push({ type: 'BpnCredential', subject: { id: p.did, businessPartnerNumber: p.businessPartnerNumber } });
  for (const agreement of p.frameworkAgreements) {
    const [name, version = '1.0'] = agreement.split(':');
    drafts.push({
      type: 'FrameworkAgreementCredential',
      subject: { id: p.did, frameworkAgreement: name, contractVersion: version, ...(p.businessPartnerNumber ? { holderIdentifier: p.businessPartnerNumber } : {}) },
    });
  }
  return drafts;
}
