import type { Participant } from './participant.js';

export interface IssuedCredentialRecord {
  id: string;
  subjectDid: string;
  type: string;
  statusListId: string;
  statusIndex: number;
  issuedAt: number;
  validUntil: number;
  revoked: boolean;
  credential: Record<string, unknown>;
}

/**
 * The authority's persistence. `register` throws ALREADY_EXISTS; `getParticipant` NOT_FOUND.
 * `allocateStatusIndex` hands out each index of a list exactly once, also under concurrency.
 * `revokeParticipant` marks the participant and every credential issued to it revoked, in one transaction,
 * bumps the status list revision, and returns the number of credentials revoked.
 */
export interface AuthorityStore {
  register(participant: Omit<Participant, 'status' | 'registeredAt'>): Promise<Participant>;
  findParticipant(did: string): Promise<Participant | undefined>;
  getParticipant(did: string): Promise<Participant>;
  listParticipants(query: { offset: number; limit: number; status?: 'active' | 'revoked' }): Promise<{ items: Participant[]; total: number }>;
  revokeParticipant(did: string): Promise<number>;
  ensureStatusList(id: string, size: number): Promise<void>;
  allocateStatusIndex(listId: string): Promise<number>;
  saveIssued(record: IssuedCredentialRecord): Promise<void>;
  listIssued(subjectDid: string): Promise<IssuedCredentialRecord[]>;
  /** Revoked indices and the list's revision (changes on every revocation). */
  statusListState(listId: string): Promise<{ revokedIndices: number[]; revision: number; size: number }>;
}
