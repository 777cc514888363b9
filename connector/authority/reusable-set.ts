import type { IssuedCredentialRecord } from './authority-store.js';
import type { IssuedFormat } from './credential-signer.js';
import { signingProfileOf } from './signing-profile.js';

export interface ReuseTerms {
  /** The types a new set would have. */
  types: readonly string[];
  now: number;
  windowMs: number;
  /** How the authority signs now: a set in another format or by another key (rotated, retired) is not handed out. */
  format: IssuedFormat;
  keyId: string;
}

/**
 * The participant's latest set, when it may be handed out again instead of a new one: none revoked, none expired,
 * issued less than `windowMs` ago, signed in the current format with the current key, and of the types a new set
 * would have (the same count of each).
 */
export function reusableSet(latest: readonly IssuedCredentialRecord[], want: ReuseTerms): IssuedCredentialRecord[] | undefined {
  if (latest.length === 0) return undefined;
  const fresh = latest.every((r) => !r.revoked && r.validUntil > want.now && want.now - r.issuedAt < want.windowMs && signedNow(r, want));
  const sameTypes = sorted(latest.map((r) => r.type)).join('\n') === sorted(want.types).join('\n');
  return fresh && sameTypes ? [...latest] : undefined;
}

const sorted = (types: readonly string[]) => [...types].sort();

function signedNow(record: IssuedCredentialRecord, want: ReuseTerms): boolean {
  const profile = signingProfileOf(record.credential);
  return profile?.format === want.format && profile.keyId === want.keyId;
}
