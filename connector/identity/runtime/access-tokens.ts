import { jwtVerify } from 'jose';
import { ConnectorError, type Clock, type IdGenerator } from '../../../core/index.js';
import { BoundedCache } from '../bounded-cache.js';
import { signEd25519Jws } from '../keys/ed25519-jws.js';
import { verifyKey } from '../keys/verify-key-cache.js';
import type { SigningIdentity } from '../vc/suites.js';

/**
 * Access tokens for our credential service: we hand one to each verifier inside our self-issued token;
 * the verifier brings it back to query our credentials. Signed with our own key, bound to that verifier,
 * short-lived, verified with the current key only. An access token is a reusable grant (the self-issued token that carries it is the once-only part), so
 * the one issued to a verifier is handed out again during the first half of its lifetime instead of being signed
 * anew for every message; a new signing key gets a new one.
 */
export class AccessTokens {
  private readonly issued: BoundedCache<string, Promise<string>>;

  constructor(
    private readonly identity: () => SigningIdentity,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly ttlSeconds: number,
    maxVerifiers = 1000,
  ) {
    this.issued = new BoundedCache(clock, maxVerifiers);
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
      { scope: 'credentials:read', iss: identity.did, aud: `${identity.did}#credential-service`, sub: verifierDid, iat: now, exp: now + this.ttlSeconds, jti: this.ids.next() },
      identity.key.signingKey(),
    );
  }

  /**
   * The verifier the token was issued to; UNAUTHORIZED when it is not ours, expired or for someone else. Only the
   * current key verifies: a rotated key, leaked or not, no longer grants access to our credentials.
   */
  async verify(token: string): Promise<string> {
    const identity = this.identity();
    try {
      const { payload } = await jwtVerify(token, await verifyKey(identity.key.publicKey), {
        issuer: identity.did,
        audience: `${identity.did}#credential-service`,
        algorithms: ['EdDSA'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: 5,
      });
      if (typeof payload.sub === 'string') return payload.sub;
    } catch {
      // not ours, or signed by a rotated key: refused below
    }
    throw new ConnectorError('UNAUTHORIZED', { detail: 'the access token is not valid for this credential service' });
  }
}
