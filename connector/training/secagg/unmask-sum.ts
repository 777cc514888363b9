import { ConnectorError } from '../../../core/index.js';
import { addMod, decodeVector, subMod } from './fixed-point.js';
import type { KeyBundle } from './key-bundle.js';
import { maskVector } from './mask-prg.js';
import { pairwiseSeed } from './pairwise-seed.js';
import { privateFromScalar } from './round-keys.js';
import { combineShares } from './shamir.js';
import { decodeShare, type RevealedShares, type WireShare } from './wire-share.js';

export interface UnmaskInput {
  trainingId: string;
  round: number;
  threshold: number;
  /** The verified key bundles of the sites that shared their keys (the masking set). */
  bundles: ReadonlyMap<string, KeyBundle>;
  /** The masked updates received, by site (the survivors). */
  masked: ReadonlyMap<string, readonly number[]>;
  /** What each survivor revealed. */
  revealed: ReadonlyMap<string, RevealedShares>;
}

const fail = (detail: string): never => {
  throw new ConnectorError('PEER_UNAVAILABLE', { detail: `secure aggregation cannot unmask: ${detail}` });
};

function recover(revealed: ReadonlyMap<string, RevealedShares>, site: string, which: 'self' | 'mask', threshold: number): bigint {
  const shares: WireShare[] = [...revealed.values()].flatMap((r) => (r[which][site] ? [r[which][site]] : []));
  if (shares.length < threshold) fail(`${shares.length} shares of ${site}'s ${which === 'self' ? 'self-mask seed' : 'mask key'}, below the threshold ${threshold}`);
  return combineShares(shares.slice(0, threshold).map(decodeShare));
}

/**
 * The coordinator's side: adds the survivors' masked updates, removes each survivor's self mask (its seed recovered
 * from t shares) and, for each site that shared keys but delivered nothing, the pairwise masks it had with the
 * survivors (its mask key recovered from t shares). What is left is the sum of the sample-weighted updates, decoded;
 * no single update is ever unmasked.
 */
export function unmaskSum(input: UnmaskInput): number[] {
  const survivors = [...input.masked.keys()].sort();
  const dropped = [...input.bundles.keys()].filter((s) => !input.masked.has(s));
  if (survivors.length < input.threshold) fail(`${survivors.length} sites delivered, below the threshold ${input.threshold}`);
  const length = input.masked.get(survivors[0] ?? '')?.length ?? 0;
  let sum = new Array<number>(length).fill(0);
  for (const s of survivors) {
    const v = input.masked.get(s) ?? [];
    if (v.length !== length) fail(`the masked update of ${s} has the wrong length`);
    sum = sum.map((x, i) => addMod(x, v[i] ?? 0));
  }
  for (const s of survivors) {
    const seed = Buffer.from(recover(input.revealed, s, 'self', input.threshold).toString(16).padStart(64, '0'), 'hex');
    if (seed.length !== 32) fail(`the recovered self-mask seed of ${s} is malformed`);
    const mask = maskVector(seed, length);
    sum = sum.map((x, i) => subMod(x, mask[i] ?? 0));
  }
  for (const d of dropped) {
    const bundle = input.bundles.get(d) ?? fail(`no keys of ${d}`);
    const key = privateFromScalar(recover(input.revealed, d, 'mask', input.threshold), bundle.keys.mask);
    for (const s of survivors) {
      const peer = input.bundles.get(s) ?? fail(`no keys of ${s}`);
      const mask = maskVector(pairwiseSeed(key, peer.keys.mask, { trainingId: input.trainingId, round: input.round, a: d, b: s }), length);
      // The survivor added this pair's mask where it sorts first and subtracted it otherwise: undo that.
      sum = sum.map((x, i) => (s < d ? subMod(x, mask[i] ?? 0) : addMod(x, mask[i] ?? 0)));
    }
  }
  return decodeVector(sum);
}
