import { ConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { BoundedCache } from './bounded-cache.js';
import { CREDENTIAL_SERVICE_TYPE, serviceEndpoint } from './did/build-did-document.js';
import type { DidResolver } from './did/did-resolver.js';
import { toParticipantAgent } from './participant-claims.js';
import { evidenceOf, type EvidencedAgent } from './agent-evidence.js';
import { bearerToken } from './token/bearer-token.js';
import type { ReplayCache } from './token/replay-cache.js';
import { spendTokenId } from './token/spend-token-id.js';
import { verifySelfIssuedToken, type TokenVerifierOptions } from './token/verify-self-issued-token.js';
import type { CredentialVerifier } from './vc/credential-verifier.js';
import { dateOf, specificTypes, type JsonObject } from './vc/credential-fields.js';
import { dataIntegrityFormat } from './vc/formats/data-integrity-format.js';
import type { PresentationFormat } from './vc/formats/presentation-format.js';
import { presentationChallenge } from './vc/sign-presentation.js';

export interface PresentationRequest {
  /** The `CredentialService` endpoint from the caller's DID document. */
  credentialServiceUrl: string;
  /** The access token from the caller's self-issued token, to forward in our own token. */
  accessToken: string;
  credentialTypes: readonly string[];
  /** The caller (our own token's `aud`). */
  holderDid: string;
}

/**
 * Queries the caller's credential service (DCP presentation query: our self-issued token carrying
 * `accessToken`, scopes for the types) and returns the `presentation` array of the response.
 * Throws when the query fails.
 */
export type FetchPresentation = (request: PresentationRequest) => Promise<readonly unknown[]>;

export interface IdentityVerifierOptions {
  ownDid: string;
  resolver: DidResolver;
  replayCache: ReplayCache;
  credentialVerifier: CredentialVerifier;
  /** The presentation formats read, in order (default: Data Integrity only); see `PresentationFormat`. */
  formats?: readonly PresentationFormat[];
  fetchPresentation: FetchPresentation;
  clock: Clock;
  logger: Logger;
  /** Types asked for when a call names none (default MembershipCredential). */
  defaultCredentialTypes?: readonly string[];
  /**
   * Types asked for as well, read into the claims when the caller holds them, not required (default
   * OPTIONAL_CREDENTIAL_TYPES): a framework-agreement or BPN constraint needs them. A credential service that
   * refuses the wider query (its access token grants fewer scopes) is asked again for the required types alone.
   */
  optionalCredentialTypes?: readonly string[];
  /** Longest reuse of a verified presentation, i.e. how stale a revocation may be (default 5 min). */
  statusRefreshMs?: number;
  /** Most cached presentations (default 1000; 0 disables the cache). */
  cacheSize?: number;
  /** Until when a credential's status, as last checked, holds (`StatusChecker.checkedUntil`): a verified presentation is reused no longer. */
  statusCheckedUntil?: (credential: JsonObject) => number | undefined;
  /** Further caches `flush()` empties, typically the StatusChecker, so a revocation bites at once. */
  alsoFlush?: readonly { flush(): void }[];
  token?: Pick<TokenVerifierOptions, 'skewSeconds' | 'maxLifetimeSeconds' | 'requireCapabilityInvocation'>;
}

/** Verifies protocol callers the DCP way and tells the policy engine who they are. */
export interface IdentityVerifier {
  /** The agent behind an `Authorization` header value (or bare token); throws UNAUTHORIZED otherwise. */
  verify(authorization: string | undefined, credentialTypes?: readonly string[]): Promise<ParticipantAgent>;
  /** Forget every verified presentation and every cached DID document (`POST /api/v1/identity/cache/flush`). */
  flush(): void;
}

class Rejection extends Error {}

/** The credentials whose claims policies read besides membership (participant-claims.ts). */
export const OPTIONAL_CREDENTIAL_TYPES = ['BpnCredential', 'DataExchangeGovernanceCredential', 'FrameworkAgreementCredential'] as const;

export function createIdentityVerifier(options: IdentityVerifierOptions): IdentityVerifier {
  const cache = new BoundedCache<string, ParticipantAgent>(options.clock, options.cacheSize ?? 1000);
  const refreshMs = options.statusRefreshMs ?? 300_000;
  const formats = options.formats ?? [dataIntegrityFormat(options.credentialVerifier)];
  const reject = (reason: string): never => {
    throw new Rejection(reason);
  };

  async function verified(authorization: string | undefined, wanted: readonly string[]): Promise<ParticipantAgent> {
    const bearer = bearerToken(authorization, { bareAllowed: true });
    if (!bearer) return reject('no bearer token');
    const token = await verifySelfIssuedToken(bearer, {
      ...options.token,
      audience: options.ownDid,
      resolver: options.resolver,
      replayCache: options.replayCache,
      clock: options.clock,
    });
    if (!token.ok) return reject(`token: ${token.reason}${token.detail ? ` (${token.detail})` : ''}`);
    const agent = await entitled(token.issuer, token.accessToken, [...new Set(wanted)].sort());
    const spent = await spendTokenId(options.replayCache, token);
    return spent ? reject(`token: ${spent}`) : agent;
  }

  /** The caller's verified credentials as an agent (cached); the token id is spent only after this succeeds. */
  async function entitled(issuer: string, accessTokenClaim: string | undefined, types: string[]): Promise<ParticipantAgent> {
    const key = `${issuer}\n${types.join(',')}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const token = { issuer, accessToken: accessTokenClaim };
    const resolution = await options.resolver.resolve(token.issuer);
    const csUrl = resolution.ok ? serviceEndpoint(resolution.didDocument, CREDENTIAL_SERVICE_TYPE) : undefined;
    if (!csUrl) return reject(`caller ${token.issuer} publishes no credential service`);
    const accessToken = token.accessToken ?? reject('no access token');
    const query = (credentialTypes: readonly string[]) => options.fetchPresentation({ credentialServiceUrl: csUrl, accessToken, credentialTypes, holderDid: token.issuer });
    const optional = (options.optionalCredentialTypes ?? OPTIONAL_CREDENTIAL_TYPES).filter((t) => !types.includes(t));
    let presentations: readonly unknown[];
    try {
      presentations = await query([...types, ...optional]).catch((error: unknown) => {
        if (optional.length === 0) throw error;
        options.logger.debug({ err: error, caller: token.issuer }, 'the credential service refused the optional credential types: asking for the required ones alone');
        return query(types);
      });
    } catch (error) {
      return reject(`presentation query failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (presentations.length === 0) return reject('no presentation returned');
    const credentials: JsonObject[] = [];
    for (const vp of presentations) {
      const format = formats.find((f) => f.accepts(vp));
      if (!format) return reject(`presentation format not supported (reads: ${formats.map((f) => f.name).join(', ')})`);
      const result = await format.verify(vp, { holder: token.issuer, challenge: presentationChallenge(accessToken), domain: options.ownDid });
      if (!result.verification.verified) return reject(`presentation: ${result.verification.errors.join('; ')}`);
      credentials.push(...result.credentials);
    }
    const held = new Set(credentials.flatMap(specificTypes));
    const missing = types.filter((t) => !held.has(t));
    if (missing.length > 0) return reject(`missing credential types: ${missing.join(', ')}`);
    const agent: EvidencedAgent = { ...toParticipantAgent(token.issuer, credentials), evidence: evidenceOf(credentials) };
    const expiries = credentials.flatMap((c) => [dateOf(c, 'validUntil'), options.statusCheckedUntil?.(c)]).filter((t): t is number => t !== undefined && Number.isFinite(t));
    cache.set(key, agent, Math.min(options.clock.now() + refreshMs, ...expiries));
    return agent;
  }

  return {
    async verify(authorization, credentialTypes) {
      try {
        return await verified(authorization, credentialTypes ?? options.defaultCredentialTypes ?? ['MembershipCredential']);
      } catch (error) {
        const reason = error instanceof Rejection ? error.message : `unexpected: ${error instanceof Error ? error.message : String(error)}`;
        options.logger.warn({ reason }, 'protocol caller rejected');
        throw new ConnectorError('UNAUTHORIZED', { detail: 'The caller could not be authenticated' });
      }
    },
    flush: () => {
      cache.clear();
      options.resolver.evict?.();
      for (const other of options.alsoFlush ?? []) other.flush();
    },
  };
}
