import { ConnectorError } from '../../core/index.js';
import type { PeerAuth } from './peer-auth.js';

/** Fail closed: until this participant holds verifiable credentials, no protocol request is accepted or sent. */
export function noVerifiedIdentity(participantId: string): PeerAuth {
  return {
    participantId,
    authenticate: async () => {
      throw new ConnectorError('UNAUTHORIZED', { detail: 'this connector has no verified identity configured (identity.authorityUrl)' });
    },
    tokenFor: async () => {
      throw new ConnectorError('UNAUTHORIZED', { detail: 'this connector has no credentials to present (identity.authorityUrl)' });
    },
  };
}
