import type { Clock, Logger } from '../../../core/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { createIdentityVerifier, type IdentityVerifier } from '../identity-verifier.js';
import type { AccessTokens } from './access-tokens.js';
import { httpFetchPresentation } from './fetch-presentation.js';
import type { IdentityRuntime } from './identity-runtime.js';

/** Protocol authentication the DCP way: verified presentations in, self-issued tokens with access tokens out. */
export function createDcpPeerAuth(deps: {
  runtime: IdentityRuntime;
  accessTokens: AccessTokens;
  clock: Clock;
  logger: Logger;
  statusRefreshMs: number;
  cacheSize: number;
}): PeerAuth & { verifier: IdentityVerifier } {
  const verifier = createIdentityVerifier({
    ownDid: deps.runtime.did,
    resolver: deps.runtime.resolver,
    replayCache: deps.runtime.replayCache,
    credentialVerifier: deps.runtime.credentialVerifier,
    formats: deps.runtime.presentationFormats,
    fetchPresentation: httpFetchPresentation(deps.runtime.outbound, (holderDid, accessToken) => deps.runtime.selfIssuedToken(holderDid, accessToken)),
    clock: deps.clock,
    logger: deps.logger,
    statusRefreshMs: deps.statusRefreshMs,
    cacheSize: deps.cacheSize,
    statusCheckedUntil: (credential) => deps.runtime.statusChecker.checkedUntil(credential),
    alsoFlush: [deps.runtime.statusChecker, deps.runtime.jwtCredentials],
  });
  return {
    participantId: deps.runtime.did,
    verifier,
    authenticate: (header) => verifier.verify(header),
    tokenFor: async (audience) => `Bearer ${await deps.runtime.selfIssuedToken(audience, await deps.accessTokens.issue(audience))}`,
  };
}
