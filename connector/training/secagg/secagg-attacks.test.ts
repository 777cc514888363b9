import { describe, expect, it } from 'vitest';
import { addMod, decodeVector, subMod } from './fixed-point.js';
import { verifyKeyBundle, type KeyBundle } from './key-bundle.js';
import { maskVector } from './mask-prg.js';
import { pairwiseSeed } from './pairwise-seed.js';
import { privateFromScalar } from './round-keys.js';
import type { SecAggRound } from './secagg-site.js';
import { makeSites, type Kit } from './secagg-test-kit.js';
import { combineShares } from './shamir.js';
import { decodeShare, type RevealedShares } from './wire-share.js';

// A deviating coordinator against real sites: it tries to unmask ONE site's update (the sum of masked updates is not
// needed for that; the attacker removes one site's self mask and the pairwise masks of the peers it had it "drop").
const secret = [0.123, -4.5, 7.25, 1000.0625];
const other = (i: number) => [i, i * 2, -i, 3];
type Site = Kit['sites'][number];

async function keyExchange(n: number, r: SecAggRound) {
  const kit = makeSites(n);
  const bundles: Record<string, string> = {};
  for (const s of kit.sites) bundles[s.did] = await s.protocol.advertise(r);
  const sealed = new Map<string, Record<string, string>>();
  for (const s of kit.sites) sealed.set(s.did, await s.protocol.shareKeys(r, bundles));
  /** The shares sealed to `to` by the sites `from` (the coordinator chooses which it forwards). */
  const forSite = (to: Site, from: readonly Site[]) => Object.fromEntries(from.filter((s) => s.did !== to.did).map((s) => [s.did, sealed.get(s.did)?.[to.did] ?? '']));
  const verified = new Map<string, KeyBundle>();
  for (const s of kit.sites) verified.set(s.did, await verifyKeyBundle(bundles[s.did] ?? '', { site: s.did, ...r }, kit.resolveKey));
  return { kit, forSite, verified };
}

/** The attacker's unmasking of one site's masked vector `y`, given whatever was revealed and the peers it masked with. */
function unmaskOne(r: SecAggRound, site: string, y: readonly number[], peers: readonly string[], bundles: ReadonlyMap<string, KeyBundle>, revealed: readonly RevealedShares[]) {
  const recover = (who: string, which: 'self' | 'mask') => {
    const shares = revealed.flatMap((x) => (x[which][who] ? [x[which][who]] : []));
    if (shares.length < r.threshold) throw new Error(`only ${shares.length} ${which} shares of ${who}`);
    return combineShares(shares.slice(0, r.threshold).map(decodeShare));
  };
  const selfMask = maskVector(Buffer.from(recover(site, 'self').toString(16).padStart(64, '0'), 'hex'), y.length);
  let v = y.map((x, i) => subMod(x, selfMask[i] ?? 0));
  for (const d of peers) {
    const key = privateFromScalar(recover(d, 'mask'), bundles.get(d)?.keys.mask ?? '');
    const m = maskVector(pairwiseSeed(key, bundles.get(site)?.keys.mask ?? '', { trainingId: r.trainingId, round: r.round, a: d, b: site }), y.length);
    v = v.map((x, i) => (site < d ? subMod(x, m[i] ?? 0) : addMod(x, m[i] ?? 0)));
  }
  return decodeVector(v);
}

/** Asks each site to confirm, then reveal, the statement the coordinator tells it; returns what was revealed and what was refused. */
async function tellEach(told: ReadonlyArray<{ site: Site; r: SecAggRound; survivors: string[]; dropped: string[] }>) {
  const refusals: string[] = [];
  const signatures: Record<string, string> = {};
  for (const t of told)
    await t.site.protocol.confirm(t.r, t.survivors, t.dropped).then(
      (sig) => (signatures[t.site.did] = sig),
      (e: Error) => refusals.push(e.message),
    );
  const revealed: RevealedShares[] = [];
  for (const t of told)
    await t.site.protocol.reveal(t.r, t.survivors, t.dropped, signatures).then(
      (x) => revealed.push(x),
      (e: Error) => refusals.push(e.message),
    );
  return { revealed, refusals };
}

const attempt = (f: () => number[]) => {
  try {
    return f();
  } catch {
    return undefined;
  }
};
const recovers = (v: number[] | undefined) => v?.every((x, i) => Math.abs(x - (secret[i] ?? 0)) < 1e-3) === true;

describe('a coordinator that deviates cannot unmask one site (no site colludes, t > n/2)', () => {
  it('a reveal naming a lower threshold than the plan is refused: n = 3, t = 2, the coordinator says 1 to site A', async () => {
    const r = { trainingId: 'trn-1', round: 1, threshold: 2 };
    const { kit, forSite, verified } = await keyExchange(3, r);
    const [a, b, c] = kit.sites as [Site, Site, Site];
    const masked = kit.sites.map((s, i) => s.protocol.maskInput(r, i === 0 ? secret : other(i), forSite(s, kit.sites)));
    const low = { ...r, threshold: 1 };
    await expect(a.protocol.confirm(low, [a.did], [b.did, c.did])).rejects.toThrow(/threshold 1 is not the plan's threshold 2/);
    await expect(a.protocol.reveal(low, [a.did], [b.did, c.did], {})).rejects.toThrow(/threshold 1 is not the plan's threshold 2/);
    const { revealed } = await tellEach([
      { site: a, r: low, survivors: [a.did], dropped: [b.did, c.did] },
      { site: b, r, survivors: [b.did, a.did], dropped: [c.did] },
      { site: c, r, survivors: [c.did, a.did], dropped: [b.did] },
    ]);
    expect(recovers(attempt(() => unmaskOne(r, a.did, masked[0] ?? [], [b.did, c.did], verified, revealed)))).toBe(false);
  });

  it('a masking set shrunk for one site and survivor lists split between sites are refused: n = 5, t = 3', async () => {
    const r = { trainingId: 'trn-1', round: 1, threshold: 3 };
    const { kit, forSite, verified } = await keyExchange(5, r);
    const [a, p1, p2, q1, q2] = kit.sites as [Site, Site, Site, Site, Site];
    // A is given only p1's and p2's shares (they "sent" nothing else); everyone else masks with all.
    const yA = a.protocol.maskInput(r, secret, forSite(a, [p1, p2]));
    for (const [i, s] of [p1, p2, q1, q2].entries()) s.protocol.maskInput(r, other(i + 1), forSite(s, kit.sites));
    const { revealed, refusals } = await tellEach([
      { site: a, r, survivors: [a.did, p1.did, p2.did], dropped: [] },
      { site: p1, r, survivors: [p1.did, a.did, q1.did, q2.did], dropped: [p2.did] },
      { site: p2, r, survivors: [p2.did, a.did, q1.did, q2.did], dropped: [p1.did] },
      { site: q1, r, survivors: [q1.did, q2.did, a.did], dropped: [p1.did, p2.did] },
      { site: q2, r, survivors: [q2.did, q1.did, a.did], dropped: [p1.did, p2.did] },
    ]);
    expect(recovers(attempt(() => unmaskOne(r, a.did, yA, [p1.did, p2.did], verified, revealed)))).toBe(false);
    expect(revealed).toEqual([]);
    expect(refusals).toHaveLength(5);
    for (const refusal of refusals) expect(refusal).toMatch(/signed another set of sites or survivors than this site was given/);
  });

  it('signatures the coordinator forges, or fewer than t on the same statement, are refused', async () => {
    const r = { trainingId: 'trn-1', round: 1, threshold: 3 };
    const { kit, forSite } = await keyExchange(4, r);
    for (const s of kit.sites) s.protocol.maskInput(r, other(1), forSite(s, kit.sites));
    const [a, b, c, d] = kit.sites as [Site, Site, Site, Site];
    const survivors = [a.did, b.did, c.did];
    const sigA = await a.protocol.confirm(r, survivors, [d.did]);
    const sigB = await b.protocol.confirm(r, survivors, [d.did]);
    await expect(a.protocol.reveal(r, survivors, [d.did], { [a.did]: sigA, [b.did]: sigB })).rejects.toThrow(/only 2 survivors confirmed .* below the threshold 3/);
    await expect(a.protocol.reveal(r, survivors, [d.did], { [a.did]: sigA, [b.did]: sigB, [c.did]: sigB })).rejects.toThrow(/consistency signature of .*site-02.* is refused/);
    await expect(a.protocol.confirm(r, [a.did, b.did, d.did], [c.did])).rejects.toThrow(/already confirmed other survivors/);
    const sigC = await c.protocol.confirm(r, survivors, [d.did]);
    await expect(a.protocol.reveal(r, [a.did, b.did, d.did], [c.did], { [a.did]: sigA, [b.did]: sigB, [c.did]: sigC })).rejects.toThrow(/not the survivors this site confirmed/);
    await expect(a.protocol.reveal(r, survivors, [d.did], { [a.did]: sigA, [b.did]: sigB, [c.did]: sigC })).resolves.toMatchObject({ mask: { [d.did]: expect.anything() } });
  });
});
