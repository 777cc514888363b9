import { jwtVerify } from 'jose';
import { ConnectorError, type Clock, type IdGenerator } from '../../../core/index.js';
import { BoundedCache } from '../bounded-cache.js';
import { signEd25519Jws } from '../keys/ed25519-jws.js';
import { verifyKey } from '../keys/verify-key-cache.js';
import { OPTIONAL_CREDENTIAL_TYPES } from '../identity-verifier.js';
import type { SigningIdentity } from '../vc/suites.js';
import { credentialTypeOfScope } from './credential-scope.js';
import { DCP_SCOPE_PREFIX } from './fetch-presentation.js';

/**
 * Access tokens for our credential service: we hand one to each verifier inside our self-issued token;
 * the verifier brings it back to query our credentials. Signed with our own key, bound to that verifier,
 * short-lived, verified with the current key only. Its `scope` claim (space-separated DCP scopes
 * `org.eclipse.dspace.dcp.vc.type:<Type>:read`) lists the credential types we disclose to verifiers: the holder
 * decides what a verifier may read, and the credential service presents no other type on this token.
 * An access token is a reusable grant (the self-issued token that carries it is the once-only part), so
 * the one issued to a verifier is handed out again during the first half of its lifetime instead of being signed
 * anew for every message; a new signing key gets a new one.
 */
export class AccessTokens {
  private readonly issued: BoundedCache<string, Promise<string>>;

  private readonly scope: string;

  constructor(
    private readonly identity: () => SigningIdentity,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly ttlSeconds: number,
    options: { maxVerifiers?: number; disclosedCredentialTypes?: readonly string[] } = {},
  ) {
    this.issued = new BoundedCache(clock, options.maxVerifiers ?? 1000);
    this.scope = scopeClaim(options.disclosedCredentialTypes ?? DISCLOSED_CREDENTIAL_TYPES);
  }

  issue(verifierDid: string): Promise<string> {
    const key = `${this.identity().verificationMethodId} ${verifierDid}`;
    const reused = this.issued.get(key);
    if (reused) return reused;
    const token = this.sign(verifierDid);
    this.issued.set(key, token, this.clock.now() + (this.ttlSeconds * 1000) / 2);
    token.catch(() => this.issued.delete(key));
    return token;
  }

  private async sign(verifierDid: string): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const identity = this.identity();
    return signEd25519Jws(
      { alg: 'EdDSA', typ: 'at+jwt', kid: identity.verificationMethodId },
      { scope: this.scope, iss: identity.did, aud: `${identity.did}#credential-service`, sub: verifierDid, iat: now, exp: now + this.ttlSeconds, jti: this.ids.next() },
      identity.key.signingKey(),
    );
  }

  /** The verifier the token was issued to; UNAUTHORIZED as `grant` refuses. */
  async verify(token: string): Promise<string> {
    return (await this.grant(token)).verifier;
  }

  /**
   * The verifier the token was issued to and the credential types it discloses to that verifier; UNAUTHORIZED when
   * it is not ours, expired, for someone else or without a readable scope. Only the current key verifies: a rotated
   * key, leaked or not, no longer grants access to our credentials.
   */
  async grant(token: string): Promise<AccessGrant> {
    const identity = this.identity();
    try {
      const { payload } = await jwtVerify(token, await verifyKey(identity.key.publicKey), {
        issuer: identity.did,
        audience: `${identity.did}#credential-service`,
        algorithms: ['EdDSA'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: 5,
      });
      const credentialTypes = typesOfScopeClaim(payload.scope);
      if (typeof payload.sub === 'string' && credentialTypes !== undefined) return { verifier: payload.sub, credentialTypes };
    } catch {
      // not ours, or signed by a rotated key: refused below
    }
    throw new ConnectorError('UNAUTHORIZED', { detail: 'the access token is not valid for this credential service' });
  }
}

/** What an access token grants: the verifier it was issued to may read these credential types. */
export interface AccessGrant {
  verifier: string;
  credentialTypes: readonly string[];
}

/** The types disclosed to verifiers by default: exactly those a Kontor verifier asks for (required and optional). */
export const DISCLOSED_CREDENTIAL_TYPES: readonly string[] = ['MembershipCredential', ...OPTIONAL_CREDENTIAL_TYPES];

const DCP_TYPE_ALIAS = DCP_SCOPE_PREFIX.slice(0, -1);

function scopeClaim(types: readonly string[]): string {
  if (types.length === 0) throw new Error('an access token discloses at least one credential type');
  const bad = types.filter((t) => credentialTypeOfScope(`${DCP_SCOPE_PREFIX}${t}:read`, [DCP_TYPE_ALIAS]) !== t);
  if (bad.length > 0) throw new Error(`not a credential type name: ${bad.map((t) => JSON.stringify(t)).join(', ')}`);
  return [...new Set(types)].map((t) => `${DCP_SCOPE_PREFIX}${t}:read`).join(' ');
}

/** The credential types of a `scope` claim we signed; undefined when it is missing or holds anything else. */
function typesOfScopeClaim(scope: unknown): readonly string[] | undefined {
  if (typeof scope !== 'string') return undefined;
  const types = scope.split(' ').map((s) => credentialTypeOfScope(s, [DCP_TYPE_ALIAS]));
  return types.length > 0 && types.every((t) => t !== undefined) ? (types as string[]) : undefined;
}
