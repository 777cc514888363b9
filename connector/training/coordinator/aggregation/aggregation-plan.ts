import { ConnectorError } from '../../../../core/index.js';

export const AGGREGATION_STRATEGIES = ['fedavg', 'fedprox', 'fedadam', 'fedyogi', 'median', 'trimmed-mean', 'krum'] as const;
export type AggregationStrategy = (typeof AGGREGATION_STRATEGIES)[number];

/**
 * How the coordinator combines the sites' updates, part of the plan (so pinned by `fl:planHash`: the contract decides).
 * `fedavg` (the default) weights by sample count, `fedprox` too (with the proximal term `mu` in local training), `fedadam` / `fedyogi` step a server-side optimizer on it; the robust ones ignore the counts (a poisoning site could lie about
 * them too): coordinate-wise `median`, `trimmed-mean` (cuts `trim` updates from each end of every coordinate, default 1)
 * and `krum` (picks the update closest to its n − f − 2 nearest others, f = `byzantine`, default 1).
 */
export interface AggregationPlan {
  strategy: AggregationStrategy;
  trim?: number;
  byzantine?: number;
  /** FedProx (Li et al. 2020): each site adds μ/2·‖w − w_global‖² to its local loss; the coordinator averages as FedAvg. */
  mu?: number;
  /** FedAdam / FedYogi (server-side optimizers on the FedAvg pseudo-gradient, server-optimizer.ts): η, required. */
  serverLearningRate?: number;
  /** FedAdam / FedYogi: moment decays (defaults 0.9 and 0.99) and the adaptivity τ (default 1e-3). */
  beta1?: number;
  beta2?: number;
  tau?: number;
  /** Tail averaging, with any strategy (tail-average.ts): the released model is the mean of the last k rounds' global models. */
  tailAverage?: number;
}

const fail = (detail: string): never => {
  throw new ConnectorError('VALIDATION_FAILED', { detail });
};

/** The sites a strategy needs in every round: trimmed mean keeps at least one value, Krum needs n > 2f + 2. */
export function sitesNeeded(a: AggregationPlan): number {
  if (a.strategy === 'trimmed-mean') return 2 * (a.trim ?? 1) + 1;
  if (a.strategy === 'krum') return 2 * (a.byzantine ?? 1) + 3;
  return 1;
}

/** Throws VALIDATION_FAILED naming the problem: an unknown strategy, a parameter of another strategy, or too few sites per round. */
export function checkAggregation(aggregation: AggregationPlan | undefined, minSites: number): void {
  if (aggregation === undefined) return;
  const strategy = String(aggregation.strategy);
  if (!AGGREGATION_STRATEGIES.includes(strategy as AggregationStrategy)) fail(`unknown aggregation strategy '${strategy}' (known: ${AGGREGATION_STRATEGIES.join(', ')})`);
  if (aggregation.trim !== undefined && strategy !== 'trimmed-mean') fail(`aggregation.trim applies to trimmed-mean only, not to '${strategy}'`);
  if (aggregation.byzantine !== undefined && strategy !== 'krum') fail(`aggregation.byzantine applies to krum only, not to '${strategy}'`);
  if (aggregation.mu !== undefined && strategy !== 'fedprox') fail(`aggregation.mu applies to fedprox only, not to '${strategy}'`);
  if (strategy === 'fedprox' && !(typeof aggregation.mu === 'number' && aggregation.mu > 0 && aggregation.mu <= 100)) fail('aggregation.mu (FedProx) must be a number in (0, 100]');
  const adaptive = strategy === 'fedadam' || strategy === 'fedyogi';
  for (const k of ['serverLearningRate', 'beta1', 'beta2', 'tau'] as const)
    if (aggregation[k] !== undefined && !adaptive) fail(`aggregation.${k} applies to fedadam and fedyogi only, not to '${strategy}'`);
  const inRange = (v: number | undefined, low: number, high: number) => typeof v === 'number' && v > low && v <= high;
  if (adaptive && !inRange(aggregation.serverLearningRate, 0, 10)) fail(`aggregation.serverLearningRate (${strategy}) must be a number in (0, 10]`);
  const decay = (v: number | undefined) => v === undefined || (typeof v === 'number' && v >= 0 && v < 1);
  if (!decay(aggregation.beta1)) fail('aggregation.beta1 must be a number in [0, 1)');
  if (!decay(aggregation.beta2)) fail('aggregation.beta2 must be a number in [0, 1)');
  if (aggregation.tau !== undefined && !inRange(aggregation.tau, 0, 1)) fail('aggregation.tau must be a number in (0, 1]');
  const tail = aggregation.tailAverage;
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 1 && tail <= 1000)) fail('aggregation.tailAverage must be an integer from 1 to 1000 (rounds averaged)');
  const unknown = Object.keys(aggregation).filter((k) => !['strategy', 'trim', 'byzantine', 'mu', 'serverLearningRate', 'beta1', 'beta2', 'tau', 'tailAverage'].includes(k));
  if (unknown.length > 0) fail(`unknown aggregation field(s): ${unknown.join(', ')}`);
  const needed = sitesNeeded(aggregation);
  if (minSites < needed) fail(`aggregation '${strategy}' needs at least ${needed} sites in every round; minSites is ${minSites}`);
}
