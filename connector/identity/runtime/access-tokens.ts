import { jwtVerify } from 'jose';
import { ConnectorError, type Clock, type IdGenerator } from '../../../core/index.js';
import type { Ed25519Key } from '../keys/ed25519-key.js';
import { signEd25519Jws } from '../keys/ed25519-jws.js';
import { verifyKey } from '../keys/verify-key-cache.js';
import type { SigningIdentity } from '../vc/suites.js';

/**
 * Access tokens for our credential service: we hand one to each verifier inside our self-issued token;
 * the verifier brings it back to query our credentials. Signed with our own key, bound to that verifier,
 * short-lived.
 */
export class AccessTokens {
  constructor(private readonly identity: () => SigningIdentity, private readonly clock: Clock, private readonly ids: IdGenerator, private readonly ttlSeconds: number) {}

  async issue(verifierDid: string): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const identity = this.identity();
    return signEd25519Jws(
      { alg: 'EdDSA', typ: 'at+jwt', kid: identity.verificationMethodId },
      { scope: 'credentials:read', iss: identity.did, aud: `${identity.did}#credential-service`, sub: verifierDid, iat: now, exp: now + this.ttlSeconds, jti: this.ids.next() },
      identity.key.signingKey(),
    );
  }

  /** The verifier the token was issued to; UNAUTHORIZED when it is not ours, expired or for someone else. */
  async verify(token: string, keys: readonly Ed25519Key[]): Promise<string> {
    const identity = this.identity();
    for (const key of keys) {
      try {
        const { payload } = await jwtVerify(token, await verifyKey(key.publicKey), {
          issuer: identity.did, audience: `${identity.did}#credential-service`, algorithms: ['EdDSA'], currentDate: new Date(this.clock.now()), clockTolerance: 5,
        });
        if (typeof payload.sub === 'string') return payload.sub;
      } catch {
        // try the next key (rotation)
      }
    }
    throw new ConnectorError('UNAUTHORIZED', { detail: 'the access token is not valid for this credential service' });
  }
}
