import type { KeyObject } from 'node:crypto';
import type { JoseAlgorithm } from '../../token/verification-key.js';
import type { SigningIdentity } from '../suites.js';

/** Who signs a JWT: the DID (`iss`), the verification method (`kid`), the algorithm and the private key. */
export interface JwtSigner {
  did: string;
  kid: string;
  alg: JoseAlgorithm;
  key: KeyObject;
}

/** The Ed25519 signing identity as an EdDSA JWT signer. */
export function jwtSignerOf(identity: SigningIdentity): JwtSigner {
  return { did: identity.did, kid: identity.verificationMethodId, alg: 'EdDSA', key: identity.key.signingKey() };
}
