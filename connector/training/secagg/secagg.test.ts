import { describe, expect, it } from 'vitest';
import { encodeVector, MODULUS } from './fixed-point.js';
import { makeSites, roundOf } from './secagg-test-kit.js';

const r = { trainingId: 'trn-1', round: 1, threshold: 2 };
const vector = (seed: number, length: number) => Array.from({ length }, (_, i) => Math.sin(seed * 31 + i) * 0.8);
const weighted = (n: number, v: number[]) => v.map((x) => x * n);

/** Pearson's χ² of field elements against uniform over 64 equal bins (the top six bits). */
function chiSquare(values: readonly number[]): number {
  const bins = new Array<number>(64).fill(0);
  for (const v of values) {
    const bin = Math.floor(v / (MODULUS / 64));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  const expected = values.length / 64;
  return bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
}
// χ² with 63 degrees of freedom: P(χ² > 125) < 1e-6, so an honest run fails about once in a million.
const CRITICAL = 125;

describe('secure aggregation (pairwise masks, Shamir dropout recovery)', () => {
  it("the coordinator's view of one site's masked update is indistinguishable from uniform, while the plain encoding is not", async () => {
    const kit = makeSites(3);
    const length = 4096;
    const inputs = new Map(kit.sites.map((s, i) => [s.did, weighted(40 + i, vector(i, length))]));
    const { masked } = await roundOf(kit, r, inputs);
    const one = masked.get(kit.sites[0]!.did)!;
    expect(chiSquare(one)).toBeLessThan(CRITICAL);
    expect(chiSquare(encodeVector(inputs.get(kit.sites[0]!.did)!))).toBeGreaterThan(CRITICAL * 10);
  });

  it('the unmasked sum equals plain FedAvg within fixed-point error', async () => {
    const kit = makeSites(4);
    const counts = [37, 128, 55, 90];
    const plain = kit.sites.map((_, i) => vector(i + 7, 50));
    const inputs = new Map(kit.sites.map((s, i) => [s.did, weighted(counts[i]!, plain[i]!)]));
    const { sum } = await roundOf(kit, { ...r, threshold: 3 }, inputs);
    const total = counts.reduce((a, b) => a + b, 0);
    const fedavg = plain[0]!.map((_, j) => plain.reduce((s, v, i) => s + counts[i]! * v[j]!, 0) / total);
    const secure = sum.map((x) => x / total);
    for (const [j, x] of secure.entries()) expect(Math.abs(x - fedavg[j]!)).toBeLessThan((4 * 2 ** -16) / total + 1e-12);
  });

  it('recovers the sum when one site drops after sharing its keys (its pairwise masks removed from shares)', async () => {
    const kit = makeSites(5);
    const inputs = new Map(kit.sites.map((s, i) => [s.did, weighted(10 + i, vector(i, 20))]));
    const dropped = kit.sites[2]!.did;
    const { sum } = await roundOf(kit, { ...r, threshold: 3 }, inputs, new Set([dropped]));
    const expected = inputs.get(kit.sites[0]!.did)!.map((_, j) => kit.sites.filter((s) => s.did !== dropped).reduce((acc, s) => acc + inputs.get(s.did)![j]!, 0));
    for (const [j, x] of sum.entries()) expect(x).toBeCloseTo(expected[j]!, 3);
  });

  it('a site reveals shares once per round, never for itself as dropped, not below the threshold, and only for its masking set', async () => {
    const kit = makeSites(3);
    const [a, b, c] = kit.sites;
    const inputs = new Map(kit.sites.map((s) => [s.did, [1, 2, 3]]));
    await roundOf(kit, r, inputs);
    await expect(a!.protocol.reveal(r, [a!.did, b!.did, c!.did], [], {})).rejects.toThrow(/already revealed/);
    const r3 = { ...r, round: 3, threshold: 3 };
    const bundles: Record<string, string> = {};
    for (const s of kit.sites) bundles[s.did] = await s.protocol.advertise(r3);
    const sealed = await Promise.all(kit.sites.map((s) => s.protocol.shareKeys(r3, bundles)));
    a!.protocol.maskInput(r3, [1], { [b!.did]: sealed[1]![a!.did]!, [c!.did]: sealed[2]![a!.did]! });
    await expect(a!.protocol.confirm(r3, [a!.did, b!.did], [c!.did])).rejects.toThrow(/below the threshold 3/);
    await expect(a!.protocol.confirm(r3, [b!.did, c!.did], [a!.did])).rejects.toThrow(/not among the survivors/);
    await expect(a!.protocol.confirm(r3, [a!.did, b!.did, c!.did], [c!.did])).rejects.toThrow(/both have survived and dropped/);
    await expect(a!.protocol.confirm(r3, [a!.did, b!.did], [])).rejects.toThrow(/masked with, is named neither survivor nor dropped/);
    await expect(a!.protocol.confirm(r3, [a!.did, b!.did, c!.did], ['did:web:stranger.example'])).rejects.toThrow(/not in the set of sites this site masked with/);
  });
});
