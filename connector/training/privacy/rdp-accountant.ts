import { logAdd, logErfc, logSub } from './log-space.js';

/**
 * Rényi-DP accounting of the subsampled Gaussian mechanism (Mironov 2017; Mironov, Talwar and Zhang 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism"): each step includes every record independently with
 * probability q, clips each record's contribution to L2 norm C and adds N(0, (σ·C)²). The RDP of one step at order α
 * is log A_α / (α − 1); steps compose by adding RDP per order; (ε, δ) is the minimum over the orders.
 */
export const DEFAULT_ORDERS: readonly number[] = [...Array.from({ length: 99 }, (_, k) => 1 + (k + 1) / 10), ...Array.from({ length: 52 }, (_, k) => 12 + k)];

/** log A_α for an integer α: Σ_{i=0..α} C(α,i)·q^i·(1−q)^(α−i)·exp((i² − i)/(2σ²)). */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let sum = -Infinity;
  let logBinom = 0;
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log(alpha - i + 1) - Math.log(i);
    sum = logAdd(sum, logBinom + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * i - i) / (2 * sigma * sigma));
  }
  return sum;
}

/**
 * log A_α for a fractional α: the two convergent series of MTZ 2019 §3.3, split at z₀ = σ²·ln(1/q − 1) + ½, each term
 * weighted by a Gaussian tail (erfc); the generalised binomial coefficient C(α,i) changes sign, so terms are added or
 * subtracted in log space. Stops when both terms fall below e^−30.
 */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let a0 = -Infinity;
  let a1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let logBinom = 0;
  let sign = 1;
  for (let i = 0; i < 100_000; i++) {
    if (i > 0) {
      const factor = (alpha - i + 1) / i;
      logBinom += Math.log(Math.abs(factor));
      if (factor < 0) sign = -sign;
    }
    const j = alpha - i;
    const t0 = logBinom + i * Math.log(q) + j * Math.log1p(-q);
    const t1 = logBinom + j * Math.log(q) + i * Math.log1p(-q);
    const e0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const e1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const s0 = t0 + (i * i - i) / (2 * sigma * sigma) + e0;
    const s1 = t1 + (j * j - j) / (2 * sigma * sigma) + e1;
    if (sign > 0) {
      a0 = logAdd(a0, s0);
      a1 = logAdd(a1, s1);
    } else {
      a0 = logSub(a0, s0);
      a1 = logSub(a1, s1);
    }
    if (Math.max(s0, s1) < -30) break;
  }
  return logAdd(a0, a1);
}

/** RDP at order α of one step of the subsampled Gaussian mechanism with sampling rate q and noise multiplier σ. */
export function rdpOfStep(q: number, sigma: number, alpha: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`sampling rate ${q} is not in [0, 1]`);
  if (!(alpha > 1)) throw new RangeError(`RDP order ${alpha} is not above 1`);
  if (q === 0) return 0;
  if (!(sigma > 0)) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  return (Number.isInteger(alpha) ? logAInteger(q, sigma, alpha) : logAFractional(q, sigma, alpha)) / (alpha - 1);
}

/** RDP per order of `steps` steps (composition adds). */
export function rdpOfSteps(q: number, sigma: number, steps: number, orders: readonly number[] = DEFAULT_ORDERS): number[] {
  return orders.map((alpha) => (steps === 0 ? 0 : steps * rdpOfStep(q, sigma, alpha)));
}

/**
 * (ε, δ) from RDP (Mironov 2017, Proposition 3): ε = min over α of RDP(α) + ln(1/δ)/(α − 1), as TF-Privacy's
 * `get_privacy_spent` computed it when its tutorials published their tables. Conservative: newer conversions
 * (Balle et al. 2020) give a slightly smaller ε for the same RDP.
 */
export function epsilonOf(rdp: readonly number[], delta: number, orders: readonly number[] = DEFAULT_ORDERS): { epsilon: number; order: number } {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`δ ${delta} is not in (0, 1)`);
  if (rdp.length !== orders.length) throw new RangeError('one RDP value per order is needed');
  let best = { epsilon: Infinity, order: NaN };
  orders.forEach((alpha, k) => {
    const epsilon = (rdp[k] ?? Infinity) - Math.log(delta) / (alpha - 1);
    if (epsilon < best.epsilon) best = { epsilon, order: alpha };
  });
  return { epsilon: Math.max(0, best.epsilon), order: best.order };
}

/** Adds two RDP curves over the same orders (sequential composition of rounds). */
export function composeRdp(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError('RDP curves over different orders');
  return a.map((v, k) => v + (b[k] ?? Infinity));
}
