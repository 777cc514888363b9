import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Length of the content hash inside an offer id: 16 hex digits (64 bits) of SHA-256. */
export const POLICY_HASH_LENGTH = 16;

/**
 * A short hash of a policy's content, independent of key order. It is the "content version" of the contract
 * policy inside an offer id: when the policy changes, offer ids built on the old content stop resolving.
 */
export function policyContentHash(policy: unknown): string {
  return createHash('sha256').update(stableJson(policy)).digest('hex').slice(0, POLICY_HASH_LENGTH);
}
