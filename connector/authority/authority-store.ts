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

/** One index of one revocation list. */
export interface StatusSlot {
  listId: string;
  index: number;
}

/** What one issuance call needs of the store; see `AuthorityStore.issue`. */
export interface IssuancePlan {
  /** The subject's latest set (its credentials of the latest issuance) → that set to hand back, or undefined to issue anew. */
  reuse(latest: IssuedCredentialRecord[]): IssuedCredentialRecord[] | undefined;
  /** Status slots the new set needs (one per credential). */
  count: number;
  /** Lists are `${listPrefix}1`, `${listPrefix}2`, …; a full list makes the next one, of `listSize` indices. */
  listPrefix: string;
  listSize: number;
  /** The new set for the slots, signed; when it throws, nothing is saved and no slot is spent. */
  build(slots: StatusSlot[]): Promise<IssuedCredentialRecord[]>;
}

/**
 * The authority's persistence. `register` throws ALREADY_EXISTS; `getParticipant` NOT_FOUND.
 * `issue` runs one issuance in one transaction: NOT_FOUND for an unknown subject, FORBIDDEN for a revoked one;
 * otherwise the set `plan.reuse` picks, or a new set on freshly allocated slots (each index of each list is handed out
 * once, also under concurrency), saved whole or not at all.
 * `revokeParticipant` marks the participant and every credential issued to it revoked, in one transaction,
 * bumps the revision of every list they are on, and returns the number of credentials revoked.
 */
export interface AuthorityStore {
  register(participant: Omit<Participant, 'status' | 'registeredAt'>): Promise<Participant>;
  findParticipant(did: string): Promise<Participant | undefined>;
  getParticipant(did: string): Promise<Participant>;
  listParticipants(query: { offset: number; limit: number; status?: 'active' | 'revoked' }): Promise<{ items: Participant[]; total: number }>;
  revokeParticipant(did: string): Promise<number>;
  issue(subjectDid: string, plan: IssuancePlan): Promise<{ credentials: IssuedCredentialRecord[]; reused: boolean }>;
  listIssued(subjectDid: string): Promise<IssuedCredentialRecord[]>;
  /** Revoked indices and the list's revision (changes on every revocation); NOT_FOUND for an unknown list. */
  statusListState(listId: string): Promise<{ revokedIndices: number[]; revision: number; size: number }>;
}
