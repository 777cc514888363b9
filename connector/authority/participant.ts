/** A participant registered with the data-space authority. */
export interface Participant {
  did: string;
  legalName: string;
  businessPartnerNumber?: string;
  businessPartnerGroups: string[];
  roles: string[];
  /** Framework agreements the participant signed, as `name:version` (e.g. `DataExchangeGovernance:1.0`). */
  frameworkAgreements: string[];
  status: 'active' | 'revoked';
  /** Epoch ms. */
  registeredAt: number;
  revokedAt?: number;
}
