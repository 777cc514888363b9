import { createHash } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import type { Clock } from '../../../core/index.js';
import type { DocumentLoader } from '../document-loader.js';
import { signingSuite, type SigningIdentity } from './suites.js';

export interface PresentationOptions {
  holder: SigningIdentity;
  credentials: readonly unknown[];
  /** Binds the presentation to one exchange (see `presentationChallenge`). */
  challenge: string;
  /** The verifier's DID: the presentation's audience. */
  domain: string;
  documentLoader: DocumentLoader;
  clock: Clock;
  id?: string;
}

/**
 * A VC 2.0 VerifiablePresentation of the given credentials, `holder` set, signed with an
 * authentication proof (DataIntegrityProof eddsa-rdfc-2022) carrying challenge and domain.
 * The credentials are cloned, never mutated.
 */
export async function signPresentation(options: PresentationOptions): Promise<Record<string, unknown>> {
  const now = new Date(options.clock.now());
  const presentation = vc.createPresentation({
    verifiableCredential: structuredClone([...options.credentials]),
    holder: options.holder.did,
    now,
    ...(options.id ? { id: options.id } : {}),
  });
  return vc.signPresentation({
    presentation,
    suite: signingSuite(options.holder, now),
    documentLoader: options.documentLoader,
    challenge: options.challenge,
    domain: options.domain,
  });
}

/**
 * Kontor's convention for DCP exchanges with Data Integrity VPs (DCP itself defines no challenge):
 * the challenge is base64url(SHA-256(access token)). Both sides know the access token (the holder
 * minted it, the verifier received it in the caller's self-issued token), so the presentation is
 * bound to that token, and the domain to the verifier's DID.
 */
export function presentationChallenge(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url');
}
