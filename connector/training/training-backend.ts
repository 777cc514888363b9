import type { TrainingPlan } from './training-plan.js';

/** The result a site returns for one round: never rows, only parameters, a count and aggregate metrics. */
export interface LocalUpdate {
  params: number[];
  sampleCount: number;
  metrics: { loss: number; accuracy: number };
}

/** A site's evaluation of a model on its held-out rows: rates only, beside the (bucketed) count; `loss` is the log-loss. */
export interface Evaluation {
  sampleCount: number;
  accuracy: number;
  loss: number;
  balancedAccuracy?: number;
  macroF1?: number;
  /** Two classes only. */
  rocAuc?: number;
}

/** Aggregate statistics of a site's training rows: never rows, only the count and per-column moments. */
export interface FeatureStatistics {
  sampleCount: number;
  mean: number[];
  variance: number[];
}

/**
 * The numerical side of federated training behind one seam: local training at a site (in a worker thread),
 * aggregation at the coordinator, evaluation and hashing. The governance code never touches data rows.
 */
export interface TrainingBackend {
  initialParams(plan: TrainingPlan): number[];
  /** Trains on the site's rows (identified by `dataset`), applying clipping and noise to the update (`dpSgd`: per row, at every step). */
  trainLocally(job: {
    plan: TrainingPlan;
    dataset: Record<string, unknown>;
    global: number[];
    clipNorm: number;
    noiseMultiplier: number;
    /** Public (from the plan): for the mini-batch order only, never for noise or DP-SGD's sampling (those use the CSPRNG). */
    seed: number;
    dpSgd?: boolean;
  }): Promise<LocalUpdate>;
  /** Evaluates a model on the site's held-out rows. */
  evaluateLocally(job: { plan: TrainingPlan; dataset: Record<string, unknown>; global: number[] }): Promise<Evaluation>;
  /** Federated scaling: per input column, the mean and variance of the site's training rows before scaling. */
  statistics(job: { plan: TrainingPlan; dataset: Record<string, unknown> }): Promise<FeatureStatistics>;
  /** The number of training rows a site has (for the minimum-samples gate), without reading them out. */
  sampleCount(plan: TrainingPlan, dataset: Record<string, unknown>): Promise<number>;
  aggregate(updates: readonly { params: readonly number[]; sampleCount: number }[]): number[];
  /**
   * Lets go of whatever the backend keeps for a data set between rounds (cached rows, private row files on disk),
   * when the last training transfer over it ends; returns the number of files removed.
   */
  release?(dataset: Record<string, unknown>): Promise<number>;
  /** False when local training cannot run DP-SGD (a site's own trainer program): rounds under a privacy budget are then refused. */
  dpSgd?: boolean;
  modelHash(params: readonly number[]): string;
}
