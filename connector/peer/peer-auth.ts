import type { ParticipantAgent } from '../../policy/index.js';

/**
 * The seam between the protocol layer and identity. Every inbound protocol request is authenticated through
 * `authenticate` (a verified ParticipantAgent, or ConnectorError UNAUTHORIZED); every outbound request
 * carries a token from `tokenFor`, addressed to the peer's DID.
 */
export interface PeerAuth {
  /** This participant's own id (DID). */
  readonly participantId: string;
  authenticate(authorizationHeader: string | undefined): Promise<ParticipantAgent>;
  tokenFor(audienceDid: string): Promise<string>;
}
