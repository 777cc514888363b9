import type { Logger } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { peerStateOf } from './delivered-already.js';
import { dspRequest } from './dsp-http-client.js';
import { peerRejectionOf } from './peer-rejection.js';

export interface PeerStateRead {
  /** The peer's state read of the process (`GET …/negotiations/:pid` or `…/transfers/:pid`). */
  stateUrl: () => string;
  /** The token for the read, as for any DSP call to this peer. */
  token: () => Promise<string>;
  outbound: OutboundPolicy;
  logger: Logger;
  /** Names the process in the log line (e.g. `{ negotiationId }`). */
  process: Record<string, string>;
}

/**
 * Why the peer's side of a process has ended, from its state read: it reports TERMINATED, or answers 404 with a DSP
 * error body (it knows no process under the pid it gave us: ended and forgotten, or lost; a 404 without one may come
 * from a peer that lacks the state read, 2025-1's consumer side is new, and changes nothing). Undefined when it shows the process in any other
 * state, or cannot be read now (unreachable, 5xx, a refusal other than 404, an answer without a state): the caller
 * asks again later. Never throws.
 */
export async function endedAtPeer(r: PeerStateRead): Promise<string | undefined> {
  let url = '';
  try {
    url = r.stateUrl();
    const peerState = peerStateOf((await dspRequest(r.outbound, 'GET', url, await r.token())).body);
    r.logger.debug({ ...r.process, peerState }, 'read the state of a silent peer');
    return peerState === 'TERMINATED' ? `the counterparty has ended it: GET ${url} shows it TERMINATED` : undefined;
  } catch (error) {
    // Only a DSP error body (with its `code`) says the process is unknown; a bare 404 may be a route the peer lacks.
    const rejection = peerRejectionOf(error);
    if (rejection?.status === 404 && rejection.peerCode !== undefined) return `the counterparty knows no such process: GET ${url} answered 404`;
    r.logger.info({ ...r.process, err: error }, 'reading the state of a silent peer failed; asked again later');
    return undefined;
  }
}
