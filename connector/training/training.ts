import type { StatefulEntity } from '../statemachine/stateful-entity.js';
import type { TrainingPlan } from './training-plan.js';
import type { Evaluation } from './training-backend.js';
import type { ServerOptimizerState } from './coordinator/aggregation/server-optimizer.js';
import type { TailAverageState } from './coordinator/aggregation/tail-average.js';
import type { SitePrivacy } from './privacy/site-privacy-status.js';

export type TrainingState = 'PREPARING' | 'RUNNING' | 'COMPLETED' | 'STOPPED' | 'FAILED';

export interface TrainingSite {
  agreementId: string;
  siteDid: string;
  /** Our (consumer-side) FederatedTraining transfer with this site. */
  transferId?: string;
  endpoint?: string;
  status: 'starting' | 'active' | 'dropped';
  reason?: string;
  lastSampleCount?: number;
  /** Consecutive rounds the site was asked for and did not deliver (straggler rule); a delivered round resets it. */
  missedRounds?: number;
  /** Under a privacy budget (fl:epsilon): the ε the site signed it has spent under its agreement, the budget and δ. */
  privacy?: SitePrivacy;
}

export interface RoundMetrics {
  round: number;
  /** Federated evaluation: sample-weighted accuracy of the new global model over the sites' held-out rows. */
  accuracy: number;
  /** Sample-weighted log-loss over the sites' held-out rows. */
  loss: number;
  /**
   * Sample-weighted means of the sites' balanced accuracy, macro-F1 and (two classes) ROC-AUC, over the sites that
   * reported them: sites send rates, not confusion counts (those would give away the exact row count that bucketing
   * hides), so these are averages of per-site values, not the values over the pooled rows.
   */
  balancedAccuracy?: number;
  macroF1?: number;
  rocAuc?: number;
  modelHash: string;
  /** Per site: its update's change norm ‖Δ‖ and whether the coordinator's norm bound cut it (row 9); its evaluation. */
  sites: { siteDid: string; sampleCount: number; trainAccuracy: number; evalAccuracy?: number; evaluation?: Evaluation; updateNorm?: number; clipped?: boolean }[];
  at: number;
}

/** A coordinator's federated training run (FedAvg weighted by sample counts), one durable entity. */
export interface Training extends StatefulEntity<TrainingState> {
  purpose: string;
  plan: TrainingPlan;
  planHash: string;
  rounds: number;
  currentRound: number;
  /**
   * The last round the sites were asked for, saved before its requests go out: past `currentRound` when that round
   * never closed (the coordinator stopped mid-round), and the next round is numbered past it (coordinator/round-in-flight.ts).
   */
  roundAsked?: number;
  minSites: number;
  roundTimeoutMs: number;
  /** A site that missed this many consecutive rounds is dropped (absent in trainings stored before the rule: 2). */
  maxMissedRounds?: number;
  sites: TrainingSite[];
  global: number[];
  /** FedAdam / FedYogi: the coordinator's optimizer moments after the last completed round. */
  serverOptimizer?: ServerOptimizerState;
  /** Tail averaging (plan.aggregation.tailAverage): the sum of the global models of the averaged rounds so far. */
  tailAverage?: TailAverageState | undefined;
  /** Federated scaling (`plan.standardize: federated`): pooled from the sites' feature statistics before round 1. */
  scaling?: { mean: number[]; std: number[] };
  metrics: RoundMetrics[];
  checkpoints: { round: number; modelHash: string; at: number }[];
  rejected: { siteDid: string; round: number; reason: string }[];
  /** Set by a round that could not go on (fewer than minSites delivered); the training then fails with this detail. */
  failure?: string;
}

/**
 * A training without its per-round lists (metrics, checkpoints): what using its model needs. Those lists grow by a
 * round each and are rows of their own in the store, so a read of the head does not parse every round's metrics.
 */
export type TrainingHead = Omit<Training, 'metrics' | 'checkpoints'>;

/** Reads trainings without their per-round lists. */
export interface TrainingHeads {
  findHeadById(id: string): Promise<TrainingHead | undefined>;
}

export const TRAINING_TRANSITIONS = {
  PREPARING: ['RUNNING', 'STOPPED', 'FAILED'],
  RUNNING: ['COMPLETED', 'STOPPED', 'FAILED'],
  COMPLETED: [],
  STOPPED: [],
  FAILED: [],
} as const satisfies Record<TrainingState, readonly TrainingState[]>;
