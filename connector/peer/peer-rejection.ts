import { ConnectorError } from '../../core/index.js';

/**
 * A peer's 4xx answer to a DSP message (PEER_REJECTED, final): its status and the `code` of its DSP error body when it
 * gave one as a string (DSP 2025-1: the HTTP status as a string, or a code of the peer's own, e.g. Kontor's
 * `kontor:agreement-revoked`), so that a caller acts on the code rather than on the prose of the detail.
 */
export class PeerRejection extends ConnectorError {
  constructor(
    detail: string,
    readonly status: number,
    readonly peerCode: string | undefined,
  ) {
    super('PEER_REJECTED', { detail });
  }
}

/** `error` as a peer's rejection of a DSP message, or undefined when it is something else. */
export const peerRejectionOf = (error: unknown): PeerRejection | undefined => (error instanceof PeerRejection ? error : undefined);
