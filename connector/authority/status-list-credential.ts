import { gzipSync } from 'node:zlib';

/**
 * An unsigned BitstringStatusListCredential (W3C Bitstring Status List v1.0): the bit at index i is the
 * i-th bit counting from the most significant bit of the first byte; the list is GZIP-compressed and
 * multibase-encoded as base64url without padding (prefix `u`).
 */
export function statusListCredential(input: { url: string; issuer: string; validFrom: string; size: number; revokedIndices: readonly number[]; contexts: readonly string[] }): Record<string, unknown> {
  return {
    '@context': [...input.contexts],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    credentialSubject: { id: `${input.url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeBitstring(input.size, input.revokedIndices) },
  };
}

export function encodeBitstring(size: number, setIndices: readonly number[]): string {
  const bytes = Buffer.alloc(Math.ceil(size / 8));
  for (const i of setIndices) {
    if (i < 0 || i >= size) throw new RangeError(`status index ${i} is outside the list`);
    bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (0x80 >> (i & 7));
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}
