import { ConnectorError } from '../../../core/index.js';
import type { ParticipantAgent, ParticipantClaims } from '../../../policy/index.js';
import type { IdentityVerifier } from '../identity-verifier.js';

export interface DevIdentityOptions {
  /** `runtime.environment` / NODE_ENV; 'production' is refused. */
  nodeEnv: string;
  /** Claims per caller DID; callers not listed get an active membership and nothing else. */
  agents?: Readonly<Record<string, Partial<ParticipantClaims>>>;
}

/** The bearer token a dev-mode caller sends: `dev:<its DID>`. Anyone can forge it: that is the point. */
export const devToken = (did: string): string => `dev:${did}`;

/**
 * `identity.kind=dev`: an IdentityVerifier that believes whatever DID the caller names in a
 * `Bearer dev:<did>` header. For unit tests and examples only; refuses to exist in production.
 */
export function createDevIdentityVerifier(options: DevIdentityOptions): IdentityVerifier {
  if (options.nodeEnv === 'production') {
    throw new ConnectorError('CONFIG_INVALID', { detail: 'identity.kind=dev is a development mode and is refused when NODE_ENV=production' });
  }
  return {
    async verify(authorization): Promise<ParticipantAgent> {
      const did = /^(?:Bearer )?dev:(did:[a-z0-9]+:\S+)$/.exec(authorization ?? '')?.[1];
      if (!did) throw new ConnectorError('UNAUTHORIZED', { detail: 'The caller could not be authenticated' });
      const extra = options.agents?.[did] ?? {};
      return { id: did, claims: { membership: { active: true }, credentialTypes: ['MembershipCredential'], ...extra } };
    },
    flush: () => undefined,
  };
}
