/** An issuer DID trusted for every credential type (`types` absent) or for the listed types only. */
export interface TrustedIssuer {
  did: string;
  types?: readonly string[];
}

/**
 * Whether `issuer` is trusted for all of `types` (the credential's specific types; a credential
 * with none needs an issuer trusted for every type). Entries for the same DID add up.
 */
export function isTrustedFor(trusted: readonly TrustedIssuer[], issuer: string, types: readonly string[]): boolean {
  const entries = trusted.filter((t) => t.did === issuer);
  if (entries.some((e) => e.types === undefined)) return true;
  if (types.length === 0) return false;
  const allowed = new Set(entries.flatMap((e) => e.types ?? []));
  return types.every((t) => allowed.has(t));
}
