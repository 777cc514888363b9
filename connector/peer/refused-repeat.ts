import type { Logger } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { deliveredAlready, messageKindOf, peerStateOf } from './delivered-already.js';
import { dspRequest } from './dsp-http-client.js';
import { peerRejectionOf } from './peer-rejection.js';

export interface RefusedSend {
  /** What sending `message` threw. */
  error: unknown;
  message: Record<string, unknown>;
  /** The peer's state read of this process (`GET …/negotiations/:pid` or `…/transfers/:pid`); undefined when we know no pid of the peer's. */
  stateUrl: string | undefined;
  /** The token for the read, as for any DSP call to this peer. */
  token: () => Promise<string>;
  outbound: OutboundPolicy;
  logger: Logger;
  /** Names the process in the log line (e.g. `{ negotiationId }`). */
  process: Record<string, string>;
}

/**
 * A process that died after its message arrived but before it saved its next state sends the message again; the peer,
 * moved on, refuses the repeat (DSP: 400). On such a refusal (a 4xx other than 401/403) this reads the peer's state
 * of the process: when it shows the message arrived earlier, the send counts as delivered and the peer's state document
 * is returned. Undefined otherwise, also when the read fails (404, an unreachable peer, a peer without the endpoint):
 * the caller fails as for any refusal.
 */
export async function deliveredEarlier(s: RefusedSend): Promise<{ peerState: string; body: unknown } | undefined> {
  const refusal = peerRejectionOf(s.error);
  const kind = messageKindOf(s.message);
  if (!refusal || refusal.status === 401 || refusal.status === 403 || !kind || !s.stateUrl) return undefined;
  let body: unknown;
  try {
    body = (await dspRequest(s.outbound, 'GET', s.stateUrl, await s.token())).body;
  } catch (error) {
    s.logger.debug({ ...s.process, err: error }, 'reading the state of a peer that refused a message failed');
    return undefined;
  }
  const peerState = peerStateOf(body);
  if (peerState === undefined || !deliveredAlready(kind, peerState)) return undefined;
  s.logger.info({ ...s.process, message: kind, peerState, refusal: refusal.detail }, 'the peer refused a repeat of a message it had taken already: delivered');
  return { peerState, body };
}
