import * as vc from '@digitalbazaar/vc';
import type { Clock } from '../../../core/index.js';
import type { DocumentLoader } from '../document-loader.js';
import { signingSuite, type Cryptosuite, type SigningIdentity } from './suites.js';

export interface IssueOptions {
  issuer: SigningIdentity;
  documentLoader: DocumentLoader;
  clock: Clock;
  /** eddsa-rdfc-2022 unless told; eddsa-jcs-2022 signs the JSON as it is (RFC 8785), without JSON-LD processing. */
  cryptosuite?: Cryptosuite;
}

/**
 * Sign a VC 2.0 credential with a DataIntegrityProof (eddsa-rdfc-2022, or the cryptosuite given). The input is cloned
 * (`vc.issue` mutates, pitfall 4) and its `issuer` must be the signing DID. With eddsa-rdfc-2022, throws when the
 * credential uses a term no loaded context defines (safe mode, pitfall 2): fix the credential or the context.
 */
export async function issueCredential(credential: Readonly<Record<string, unknown>>, options: IssueOptions): Promise<Record<string, unknown>> {
  const copy = structuredClone(credential) as Record<string, unknown>;
  const issuer = typeof copy.issuer === 'string' ? copy.issuer : (copy.issuer as { id?: unknown } | undefined)?.id;
  if (issuer !== options.issuer.did) throw new TypeError(`credential issuer ${String(issuer)} is not the signer ${options.issuer.did}`);
  const now = new Date(options.clock.now());
  return vc.issue({ credential: copy, suite: signingSuite(options.issuer, now, options.cryptosuite), documentLoader: options.documentLoader, now });
}
