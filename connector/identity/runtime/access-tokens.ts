import { SignJWT, jwtVerify } from 'jose';
import { ConnectorError, type Clock, type IdGenerator } from '../../../core/index.js';
import type { Ed25519Key } from '../keys/ed25519-key.js';
import type { SigningIdentity } from '../vc/suites.js';

/**
 * Access tokens for our credential service: we hand one to each verifier inside our self-issued token;
 * the verifier brings it back to query our credentials. Signed with our own key, bound to that verifier,
 * short-lived.
 */
export class AccessTokens {
  constructor(private readonly identity: () => SigningIdentity, private readonly clock: Clock, private readonly ids: IdGenerator, private readonly ttlSeconds: number) {}

  issue(verifierDid: string): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const identity = this.identity();
    return new SignJWT({ scope: 'credentials:read' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: identity.verificationMethodId })
      .setIssuer(identity.did)
      .setAudience(`${identity.did}#credential-service`)
      .setSubject(verifierDid)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(this.ids.next())
      .sign(identity.key.signingKey());
  }

  /** The verifier the token was issued to; UNAUTHORIZED when it is not ours, expired or for someone else. */
  async verify(token: string, keys: readonly Ed25519Key[]): Promise<string> {
    const identity = this.identity();
    for (const key of keys) {
      try {
        const { payload } = await jwtVerify(token, key.publicKey, {
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
