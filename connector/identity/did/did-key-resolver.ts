import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { driver } from '@digitalbazaar/did-method-key';
import { isDidDocument } from './did-document.js';
import { resolutionFailure, type DidMethodResolver, type DidResolution } from './did-resolver.js';

/** did:key for Ed25519 Multikeys (`z6Mk…`): a pure function of the key, so offline by nature. */
export function createDidKeyResolver(): DidMethodResolver {
  const didKey = driver();
  didKey.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  return {
    method: 'key',
    async resolve(did: string): Promise<DidResolution> {
      if (!/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(did)) return resolutionFailure('invalidDid', `${did} is not an Ed25519 did:key`);
      try {
        const doc = await didKey.get({ did });
        if (!isDidDocument(doc) || doc.id !== did) return resolutionFailure('invalidDidDocument', `did:key driver produced no document for ${did}`);
        return { ok: true, didDocument: doc };
      } catch (error) {
        return resolutionFailure('invalidDid', `${did}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
