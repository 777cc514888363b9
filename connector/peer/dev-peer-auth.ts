import { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent, ParticipantClaims } from '../../policy/index.js';
import type { PeerAuth } from './peer-auth.js';

export interface DevPeerAuthOptions {
  participantId: string;
  environment: string;
  claims?: Readonly<Record<string, Partial<ParticipantClaims>>>;
  /** `identity.dev`: a fixed Authorization value (the Eclipse DSP TCK's) that stands for `fixedParticipant`: the whole header, compared exactly. */
  dev?: { fixedAuthorization: string | undefined; fixedParticipant: string } | undefined;
}

/**
 * DEVELOPMENT ONLY (`identity.kind=dev`): trusts whatever participant a caller names in `Authorization: Dev <id>`
 * (a DID or any other id without spaces, such as the TCK's `TCK_PARTICIPANT`), or the one fixed header configured,
 * with claims from a fixed table. It proves nothing and is refused when the environment is production.
 */
export function createDevPeerAuth(options: DevPeerAuthOptions): PeerAuth {
  if (options.environment === 'production') throw new ConnectorError('CONFIG_INVALID', { detail: 'the dev identity is refused when NODE_ENV=production' });
  const claimsFor = (id: string): ParticipantClaims => ({ credentialTypes: ['MembershipCredential'], membership: { active: true }, ...(options.claims?.[id] ?? {}) });
  return {
    participantId: options.participantId,
    async authenticate(header): Promise<ParticipantAgent> {
      const dev = options.dev;
      if (dev?.fixedAuthorization !== undefined && header === dev.fixedAuthorization) return { id: dev.fixedParticipant, claims: claimsFor(dev.fixedParticipant) };
      const match = /^Dev (\S+)$/.exec(header ?? '');
      if (!match?.[1]) throw new ConnectorError('UNAUTHORIZED', { detail: 'missing or malformed development token' });
      return { id: match[1], claims: claimsFor(match[1]) };
    },
    tokenFor: async () => `Dev ${options.participantId}`,
  };
}
