import { isConnectorError } from '../../core/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { ConnectorMetrics } from './connector-metrics.js';

/** Counts every inbound authentication by outcome, around the identity in use (the identity code stays untouched). */
export function instrumentPeerAuth<P extends PeerAuth>(auth: P, metrics: Pick<ConnectorMetrics, 'identityVerifications'>): P {
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
  return new Proxy(auth, { get: (target, key, receiver) => (key === 'authenticate' ? authenticate : Reflect.get(target, key, receiver)) });
}
