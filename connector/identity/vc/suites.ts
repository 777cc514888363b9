import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { Ed25519Key } from '../keys/ed25519-key.js';

/**
 * Who signs: a DID, the key, and the verification method id that names the key in the DID document
 * (`did:web:…#key-1`; for did:key the fragment is the multibase).
 */
export interface SigningIdentity {
  did: string;
  key: Ed25519Key;
  verificationMethodId: string;
}

/** A DataIntegrityProof eddsa-rdfc-2022 suite that signs with the identity's cached KeyObject. */
export function signingSuite(identity: SigningIdentity, date: Date): DataIntegrityProof {
  return new DataIntegrityProof({ signer: identity.key.signer(identity.verificationMethodId), date, cryptosuite });
}

/** The only suite Kontor accepts when verifying: DataIntegrityProof eddsa-rdfc-2022. */
export function verifyingSuite(): DataIntegrityProof {
  return new DataIntegrityProof({ cryptosuite });
}
