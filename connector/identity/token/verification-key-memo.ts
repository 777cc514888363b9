import type { VerificationMethod } from '../did/did-document.js';
import { verificationKey, type VerificationKey } from './verification-key.js';

/** Distinct key materials remembered (least recently used goes first). */
export const KEY_MEMO_SIZE = 256;

/**
 * `verificationKey` remembered by the method's exact key material (type, multibase, JWK): a peer signs every message
 * with the same key, and building its key object anew each time also made jose import it into WebCrypto anew (jose
 * keeps that import per key object). Only the derivation is remembered: which key a token must be signed with is
 * still decided per token from the freshly resolved DID document, and every signature is still verified.
 */
export function memoizedVerificationKey(vm: VerificationMethod, memo: Map<string, VerificationKey> = SHARED): VerificationKey | undefined {
  const material = JSON.stringify([vm.type, vm.publicKeyMultibase ?? null, vm.publicKeyJwk ?? null]);
  const hit = memo.get(material);
  if (hit) {
    memo.delete(material);
    memo.set(material, hit);
    return hit;
  }
  const key = verificationKey(vm);
  if (!key) return undefined;
  memo.set(material, key);
  if (memo.size > KEY_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return key;
}

const SHARED = new Map<string, VerificationKey>();
