import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as rdfc } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { Ed25519Key } from '../keys/ed25519-key.js';
import { cachedKeyVerifier } from './cached-key-verifier.js';

/**
 * Who signs: a DID, the key, and the verification method id that names the key in the DID document
 * (`did:web:…#key-1`; for did:key the fragment is the multibase).
 */
export interface SigningIdentity {
  did: string;
  key: Ed25519Key;
  verificationMethodId: string;
}

/**
 * The Data Integrity cryptosuites Kontor signs and verifies with (W3C Data Integrity EdDSA Cryptosuites v1.0):
 * `eddsa-rdfc-2022` canonicalises the credential as RDF (JSON-LD expansion, every term must be defined),
 * `eddsa-jcs-2022` as JSON (RFC 8785), with no JSON-LD processing at all.
 */
export type Cryptosuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022';

/** A DataIntegrityProof suite that signs with the identity's cached KeyObject (eddsa-rdfc-2022 unless told). */
export function signingSuite(identity: SigningIdentity, date: Date, cryptosuite: Cryptosuite = 'eddsa-rdfc-2022'): DataIntegrityProof {
  const suite = cryptosuite === 'eddsa-jcs-2022' ? createSignCryptosuite() : rdfc;
  return new DataIntegrityProof({ signer: identity.key.signer(identity.verificationMethodId), date, cryptosuite: suite });
}

const VERIFYING: Record<Cryptosuite, () => DataIntegrityProof> = {
  'eddsa-rdfc-2022': () => new DataIntegrityProof({ cryptosuite: { ...rdfc, createVerifier: cachedKeyVerifier(rdfc.createVerifier) } }),
  'eddsa-jcs-2022': () => {
    const jcs = createVerifyCryptosuite();
    return new DataIntegrityProof({ cryptosuite: { ...jcs, createVerifier: cachedKeyVerifier(jcs.createVerifier) } });
  },
};

/**
 * The suites a verification accepts (DataIntegrityProof eddsa-rdfc-2022 unless told): the library picks, for each proof,
 * the suite whose `cryptosuite` the proof names, and a proof no accepted suite matches does not verify.
 */
export function verifyingSuites(accepted: readonly Cryptosuite[] = ['eddsa-rdfc-2022']): DataIntegrityProof[] {
  return accepted.map((name) => VERIFYING[name]());
}
