import { isConnectorError } from '../../core/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { ConnectorMetrics } from './connector-metrics.js';

/** Counts every inbound authentication by outcome, around the identity in use (the identity code stays untouched). */
export function instrumentPeerAuth(auth: PeerAuth, metrics: Pick<ConnectorMetrics, 'identityVerifications'>): PeerAuth {
  const authenticate: PeerAuth['authenticate'] = async (header) => {
    try {
      const agent = await auth.authenticate(header);
      metrics.identityVerifications.inc({ outcome: 'verified', code: '' });
      return agent;
    } catch (error) {
      metrics.identityVerifications.inc({ outcome: 'rejected', code: isConnectorError(error) ? error.code : 'ERROR' });
      throw error;
    }
  };
  return { participantId: auth.participantId, authenticate, tokenFor: (audienceDid) => auth.tokenFor(audienceDid) };
}
