import { KONTOR_CONTEXT_V1_URL } from '../identity/index.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OFFER_CREDENTIAL_TYPE = 'DataOfferCredential';

/** xsd:dateTime without milliseconds. */
export const xsdDateTime = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The unsigned offer credential: VC 2.0 with the project context, issued by the provider, whose subject is the
 * dataset with one offer (`offerCredentialSubject`). No `validUntil`: it holds until the offer changes, when a
 * new one is signed (and the old offer id stops resolving).
 */
export function unsignedOfferCredential(input: { id: string; issuer: string; issuedAt: number; subject: Record<string, unknown> }): Record<string, unknown> {
  return {
    '@context': [VC_V2_CONTEXT, KONTOR_CONTEXT_V1_URL],
    id: input.id,
    type: ['VerifiableCredential', OFFER_CREDENTIAL_TYPE],
    issuer: input.issuer,
    validFrom: xsdDateTime(input.issuedAt),
    credentialSubject: input.subject,
  };
}
