import * as base58 from 'base58-universal';

/**
 * Ed25519 public keys as Multikey `publicKeyMultibase` (base58btc `z` + multicodec 0xed01). The base58 codec is
 * base58-universal, the one @digitalbazaar/ed25519-multikey uses, so both sides encode alike.
 */
const HEADER = [0xed, 0x01];

export function publicKeyToMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key has 32 bytes');
  return `z${base58.encode(Uint8Array.from([...HEADER, ...publicKey]))}`;
}

/** The raw 32-byte key, or undefined when the value is not an Ed25519 Multikey. */
export function multibaseToPublicKey(multibase: string): Uint8Array | undefined {
  // base58-universal skips whitespace; a multibase value has none.
  if (!multibase.startsWith('z') || /\s/.test(multibase)) return undefined;
  const bytes = base58.decode(multibase.slice(1));
  if (bytes?.length !== 34 || bytes[0] !== HEADER[0] || bytes[1] !== HEADER[1]) return undefined;
  return bytes.slice(2);
}
