import { api } from './api.js';

let own: Promise<string> | undefined;

/** This connector's participant id (its DID), read once from the identity route; a failed read is tried again next time. */
export function ownParticipantId(): Promise<string> {
  own ??= api<{ did: string }>('/api/v1/identity').then(
    (identity) => identity.did,
    (error: unknown) => {
      own = undefined;
      throw error;
    },
  );
  return own;
}
