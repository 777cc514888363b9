import { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent, ParticipantClaims } from '../../policy/index.js';
import type { PeerAuth } from './peer-auth.js';

/**
 * DEVELOPMENT ONLY (`identity.kind=dev`): trusts whatever DID a caller names in `Authorization: Dev <did>`,
 * with claims from a fixed table. It proves nothing and is refused when the environment is production.
 */
export function createDevPeerAuth(options: { participantId: string; environment: string; claims?: Readonly<Record<string, Partial<ParticipantClaims>>> }): PeerAuth {
  if (options.environment === 'production') throw new ConnectorError('CONFIG_INVALID', { detail: 'the dev identity is refused when NODE_ENV=production' });
  const claimsFor = (did: string): ParticipantClaims => ({ credentialTypes: ['MembershipCredential'], membership: { active: true }, ...(options.claims?.[did] ?? {}) });
  return {
    participantId: options.participantId,
    async authenticate(header): Promise<ParticipantAgent> {
      const match = /^Dev (did:[a-z0-9]+:\S+)$/.exec(header ?? '');
      if (!match?.[1]) throw new ConnectorError('UNAUTHORIZED', { detail: 'missing or malformed development token' });
      return { id: match[1], claims: claimsFor(match[1]) };
    },
    tokenFor: async () => `Dev ${options.participantId}`,
  };
}
