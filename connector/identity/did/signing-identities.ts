import type { Ed25519Key } from '../keys/ed25519-key.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { SigningIdentity } from '../vc/suites.js';

/** The did:key of an Ed25519 key and its signing identity (verification method `did:key:z…#z…`). */
export function didKeyIdentity(key: Ed25519Key): SigningIdentity {
  const did = `did:key:${key.publicKeyMultibase}`;
  return { did, key, verificationMethodId: `${did}#${key.publicKeyMultibase}` };
}

/** A did:web participant signing with the ring's current key (`did:web:…#key-N`). */
export function didWebIdentity(did: string, keys: KeyRing): SigningIdentity {
  const key = keys.current();
  return { did, key, verificationMethodId: `${did}#${key.kid}` };
}
