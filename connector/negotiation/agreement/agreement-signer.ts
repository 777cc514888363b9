import type { ContractAgreement } from './contract-agreement.js';

/**
 * Signs agreements as verifiable credentials (provider) and verifies them (consumer). `verify` returns a reason
 * when the credential does not verify or does not match the agreement it came with, undefined when it holds.
 */
export interface AgreementSigner {
  sign(agreement: Omit<ContractAgreement, 'credential' | 'status'>): Promise<Record<string, unknown> | undefined>;
  verify(agreementPolicy: Record<string, unknown>, credential: Record<string, unknown> | undefined, expectedIssuer: string): Promise<string | undefined>;
}

/** DEVELOPMENT ONLY: no signature at all. Used with `identity.kind=dev`. */
export const unsignedAgreements: AgreementSigner = {
  sign: async () => undefined,
  verify: async () => undefined,
};
