import type { Violation } from '../../core/index.js';

/** Readers of the settings whose values have a structure of their own, and the checks across settings. */

/**
 * The TCK mode and the fixed development header exist only with the development identity, never in production; the
 * plain-HTTP allowances (did:web over HTTP, plain-HTTP webhooks) never in production either.
 */
export function checkDevOnlySettings(get: <T>(key: string) => T, problems: Violation[]): void {
  const used = [
    ...(get('tck.enabled') === true ? ['tck.enabled'] : []),
    ...(get('tck.fixtureFile') !== undefined ? ['tck.fixtureFile'] : []),
    ...(get('identity.dev.fixedAuthorization') !== undefined ? ['identity.dev.fixedAuthorization'] : []),
  ];
  for (const key of used) {
    if (get('runtime.environment') === 'production')
      problems.push({ pointer: key, message: 'is a development mode (the Eclipse DSP TCK) and is refused when NODE_ENV=production' });
    else if (get('identity.kind') !== 'dev') problems.push({ pointer: key, message: 'needs identity.kind dev' });
  }
  // Plain-HTTP allowances for a development network: a production connector speaks HTTPS to every peer.
  const plainHttp = [
    ...(get('did.allowHttpLoopback') === true ? ['did.allowHttpLoopback'] : []),
    ...(get<readonly string[]>('did.httpHosts').length > 0 ? ['did.httpHosts'] : []),
    ...(get('webhooks.allowHttp') === true ? ['webhooks.allowHttp'] : []),
  ];
  if (get('runtime.environment') === 'production')
    for (const key of plainHttp) problems.push({ pointer: key, message: 'allows plain HTTP, for development and tests only, and is refused when NODE_ENV=production' });
  if (get('tck.fixtureFile') !== undefined && get('tck.enabled') !== true) problems.push({ pointer: 'tck.fixtureFile', message: 'is read only in TCK mode: set tck.enabled' });
  if (get('identity.dev.fixedParticipant') !== 'TCK_PARTICIPANT' && get('identity.dev.fixedAuthorization') === undefined) {
    problems.push({ pointer: 'identity.dev.fixedParticipant', message: 'is used only with identity.dev.fixedAuthorization' });
  }
}

/** `did:web:a=https://a.example/api/dsp` → a peer of the federated catalog (split at the first `=`). */
export function parseFederationPeers(entries: readonly string[], problems: Violation[]): { did: string; url: string }[] {
  return entries.flatMap((entry) => {
    const eq = entry.indexOf('=');
    const did = entry.slice(0, Math.max(eq, 0)).trim();
    const url = entry.slice(eq + 1).trim();
    if (eq < 0 || !/^did:[a-z0-9]+:.+/.test(did) || !URL.canParse(url) || !/^https?:/.test(url)) {
      problems.push({ pointer: 'catalog.federation.peers', message: `'${entry}' is not DID=URL` });
      return [];
    }
    return [{ did, url: url.replace(/\/+$/, '') }];
  });
}

/** `did:web:a` trusts an issuer for every type; `MembershipCredential=did:web:a` for that type only. */
export function parseTrustedIssuers(entries: readonly string[], problems: Violation[]): { did: string; types?: readonly string[] }[] {
  const byDid = new Map<string, Set<string> | null>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const did = (eq > 0 && !entry.startsWith('did:') ? entry.slice(eq + 1) : entry).trim();
    const type = eq > 0 && !entry.startsWith('did:') ? entry.slice(0, eq).trim() : undefined;
    if (!/^did:[a-z0-9]+:.+/.test(did)) {
      problems.push({ pointer: 'identity.trustedIssuers', message: `'${entry}' is not a DID (or TYPE=DID)` });
      continue;
    }
    const current = byDid.get(did);
    if (type === undefined) byDid.set(did, null);
    else if (current !== null) byDid.set(did, new Set([...(current ?? []), type]));
  }
  return [...byDid].map(([did, types]) => (types === null ? { did } : { did, types: [...types] }));
}

/** Scope aliases: dotted names without `:` or spaces; an empty list would refuse every presentation query. */
export function scopeAliases(entries: readonly string[], problems: Violation[]): readonly string[] {
  const bad = entries.filter((e) => !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(e));
  for (const entry of bad) problems.push({ pointer: 'identity.scopeAliases', message: `'${entry}' is not a scope alias (dotted name without ':')` });
  if (entries.length === 0) problems.push({ pointer: 'identity.scopeAliases', message: 'at least one scope alias is needed' });
  return entries.filter((e) => !bad.includes(e));
}

/**
 * The credential types this connector's credential service discloses to verifiers: type names (no `:` or spaces),
 * MembershipCredential among them (every verifier in the data space asks for it, so without it no request of ours
 * could be authenticated).
 */
export function disclosedCredentialTypes(entries: readonly string[], problems: Violation[]): readonly string[] {
  const bad = entries.filter((e) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(e));
  for (const entry of bad) problems.push({ pointer: 'identity.disclosedCredentialTypes', message: `'${entry}' is not a credential type name` });
  if (!entries.includes('MembershipCredential'))
    problems.push({ pointer: 'identity.disclosedCredentialTypes', message: 'must include MembershipCredential: every verifier asks for it' });
  return [...new Set(entries.filter((e) => !bad.includes(e)))];
}

/** eddsa-rdfc-2022 proofs need Ed25519: P-256 is for the JWT formats only. */
export function authorityKeyType(keyType: 'Ed25519' | 'P-256', format: string, problems: Violation[]): 'Ed25519' | 'P-256' {
  if (keyType === 'P-256' && format === 'ldp')
    problems.push({ pointer: 'authority.keyType', message: 'P-256 needs a JWT authority.credentialFormat (vc11-sl2021/jwt or vc20-bssl/jwt); ldp signs with Ed25519' });
  return keyType;
}
