import { StatusList } from './status-list.js';

export type StatusPurpose = 'revocation' | 'suspension';

export interface StatusListCredentialInput {
  /** The URL the status list credential is served at; entries point here. */
  id: string;
  issuer: string;
  statusPurpose: StatusPurpose;
  /** The list; a fresh all-clear one of the minimum length when absent. */
  list?: StatusList;
  validFrom: string;
  validUntil?: string;
}

/** An unsigned VC 2.0 BitstringStatusListCredential; sign it with `issueCredential`. */
export async function buildStatusListCredential(input: StatusListCredentialInput): Promise<Record<string, unknown>> {
  const list = input.list ?? StatusList.create();
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.statusPurpose,
      encodedList: await list.encode(),
    },
  };
}

/** The `credentialStatus` of a credential whose status is bit `index` of that list. */
export function bitstringStatusEntry(statusListCredential: string, index: number, statusPurpose: StatusPurpose = 'revocation') {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('a status list index is a non-negative integer');
  return {
    id: `${statusListCredential}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose,
    statusListIndex: String(index),
    statusListCredential,
  };
}
