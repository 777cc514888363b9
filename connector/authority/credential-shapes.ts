import { buildStatusListCredential, type StatusList } from '../identity/index.js';
import type { IssuedFormat } from './credential-signer.js';

export const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1';

export interface CredentialShapeInput {
  id: string;
  type: string;
  issuer: string;
  /** Contexts after the VC base context. */
  contexts: readonly string[];
  validFrom: string;
  validUntil: string;
  subject: Record<string, unknown>;
  statusUrl: string;
  statusIndex: number;
}

/**
 * An unsigned credential in the data model its format needs: VC 1.1 (`issuanceDate`/`expirationDate`,
 * `StatusList2021Entry`) for `vc11-sl2021/jwt`; VC 2.0 (`validFrom`/`validUntil`, `BitstringStatusListEntry`) otherwise.
 */
export function credentialShape(format: IssuedFormat, c: CredentialShapeInput): Record<string, unknown> {
  const vc11 = format === 'vc11-sl2021/jwt';
  return {
    '@context': [vc11 ? VC_V1 : VC_V2, ...c.contexts],
    id: c.id,
    type: ['VerifiableCredential', c.type],
    issuer: c.issuer,
    ...(vc11 ? { issuanceDate: c.validFrom, expirationDate: c.validUntil } : { validFrom: c.validFrom, validUntil: c.validUntil }),
    credentialSubject: c.subject,
    credentialStatus: {
      id: `${c.statusUrl}#${c.statusIndex}`,
      type: vc11 ? 'StatusList2021Entry' : 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(c.statusIndex),
      statusListCredential: c.statusUrl,
    },
  };
}

/** The unsigned revocation list credential matching the format's status entries. */
export async function statusListShape(format: IssuedFormat, input: { id: string; issuer: string; list: StatusList; validFrom: string }): Promise<Record<string, unknown>> {
  if (format !== 'vc11-sl2021/jwt')
    return buildStatusListCredential({ id: input.id, issuer: input.issuer, statusPurpose: 'revocation', list: input.list, validFrom: input.validFrom });
  return {
    '@context': [VC_V1, STATUS_LIST_2021_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'StatusList2021Credential'],
    issuer: input.issuer,
    issuanceDate: input.validFrom,
    // StatusList2021 writes the GZIP base64url without the multibase prefix.
    credentialSubject: { id: `${input.id}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: (await input.list.encode()).slice(1) },
  };
}
