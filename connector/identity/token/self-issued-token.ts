import { signEd25519Jws } from '../keys/ed25519-jws.js';
import { randomIds, type Clock, type IdGenerator } from '../../../core/index.js';
import type { SigningIdentity } from '../vc/suites.js';

export interface SelfIssuedTokenInput {
  /** Who we are: `iss` = `sub` = this DID; `kid` = its verification method id. */
  issuer: SigningIdentity;
  /** The recipient's DID (`aud`). */
  audience: string;
  /** Access token for the recipient to use against our credential service (`token` claim). */
  accessToken?: string | undefined;
  /** Lifetime; short (default 300 s, DCP/EDC practice). */
  ttlSeconds?: number;
  clock: Clock;
  ids?: IdGenerator;
}

/**
 * A DCP self-issued ID token (DCP 1.0, Decentralized Claims Protocol, self-issued ID tokens): a JWT signed EdDSA with the issuer's current key,
 * header `kid` = the full DID URL, claims iss = sub, aud, iat, exp, jti and, when given, `token`.
 */
export async function createSelfIssuedToken(input: SelfIssuedTokenInput): Promise<string> {
  const now = Math.floor(input.clock.now() / 1000);
  const jti = (input.ids ?? randomIds).next();
  const claims = {
    ...(input.accessToken === undefined ? {} : { token: input.accessToken }),
    iss: input.issuer.did,
    sub: input.issuer.did,
    aud: input.audience,
    iat: now,
    exp: now + (input.ttlSeconds ?? 300),
    jti,
  };
  return signEd25519Jws({ alg: 'EdDSA', typ: 'JWT', kid: input.issuer.verificationMethodId }, claims, input.issuer.key.signingKey());
}
