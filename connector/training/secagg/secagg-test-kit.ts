import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { verifyKeyBundle, type BundleIdentity, type KeyBundle } from './key-bundle.js';
import { secAggSite, type SecAggRound } from './secagg-site.js';
import { unmaskSum } from './unmask-sum.js';
import type { RevealedShares } from './wire-share.js';

/** In-process sites with real Ed25519 DID keys, and a coordinator that relays honestly unless told otherwise. */
export function makeSites(n: number) {
  const keys = new Map<string, KeyObject>();
  const identities = Array.from({ length: n }, (_, i): BundleIdentity => {
    const did = `did:web:site-${String(i).padStart(2, '0')}.example`;
    const pair = generateKeyPairSync('ed25519');
    keys.set(`${did}#key-1`, pair.publicKey);
    return { did, verificationMethodId: `${did}#key-1`, key: { signingKey: () => pair.privateKey } };
  });
  const resolveKey = async (kid: string) => keys.get(kid);
  const sites = identities.map((identity) => {
    const site = secAggSite({ identity: () => identity, resolveKey });
    return { did: identity.did, identity, site, protocol: site.session(`transfer-${identity.did}`) };
  });
  return { sites, resolveKey };
}

export type Kit = ReturnType<typeof makeSites>;

/** One full round; `drop` sites share their keys but never send their masked update. Returns the unmasked sum. */
export async function roundOf(kit: Kit, r: SecAggRound, inputs: ReadonlyMap<string, number[]>, drop: ReadonlySet<string> = new Set()) {
  const bundles: Record<string, string> = {};
  for (const s of kit.sites) bundles[s.did] = await s.protocol.advertise(r);
  const sealed = new Map<string, Record<string, string>>();
  for (const s of kit.sites) sealed.set(s.did, await s.protocol.shareKeys(r, bundles));
  const forSite = (to: string) => Object.fromEntries(kit.sites.filter((s) => s.did !== to).map((s) => [s.did, sealed.get(s.did)?.[to] ?? '']));
  const masked = new Map<string, number[]>();
  for (const s of kit.sites) {
    const v = s.protocol.maskInput(r, inputs.get(s.did) ?? [], forSite(s.did));
    if (!drop.has(s.did)) masked.set(s.did, v);
  }
  const revealed = await confirmAndReveal(
    r,
    kit.sites.filter((s) => masked.has(s.did)),
    [...drop],
  );
  const verified = new Map<string, KeyBundle>();
  for (const s of kit.sites) verified.set(s.did, await verifyKeyBundle(bundles[s.did] ?? '', { site: s.did, ...r }, kit.resolveKey));
  return { sum: unmaskSum({ ...r, bundles: verified, masked, revealed }), masked, bundles };
}

/** The honest end of a round: every survivor confirms the same survivors and dropped sites, then reveals with all the signatures. */
export async function confirmAndReveal(r: SecAggRound, survivors: Kit['sites'], dropped: readonly string[]): Promise<Map<string, RevealedShares>> {
  const names = survivors.map((s) => s.did);
  const signatures: Record<string, string> = {};
  for (const s of survivors) signatures[s.did] = await s.protocol.confirm(r, names, dropped);
  const revealed = new Map<string, RevealedShares>();
  for (const s of survivors) revealed.set(s.did, await s.protocol.reveal(r, names, dropped, signatures));
  return revealed;
}
