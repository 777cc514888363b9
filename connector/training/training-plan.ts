import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AggregationPlan } from './coordinator/aggregation/aggregation-plan.js';
import type { SecureAggregationPlan } from './secagg/secure-aggregation-plan.js';
import type { PlanModel } from './backend/model-spec.js';

/**
 * What every site trains, pinned by its hash in the agreement (`fl:planHash`): model, features, classes and
 * hyper-parameters. A site refuses any round whose plan does not hash to the agreed value.
 */
export interface TrainingPlan {
  /** 'softmax-regression' (plain TypeScript) or an MLP spec trained on TensorFlow.js (backend/model-spec.ts). */
  model: PlanModel;
  features: string[];
  label: string;
  classes: string[];
  localEpochs: number;
  learningRate: number;
  batchSize: number;
  /** Public feature scaling agreed in the plan: value ↦ (value − mean) / std. */
  scaling: { mean: number[]; std: number[] };
  /**
   * Own data only, with an empty `scaling`: `federated` standardizes every input column with the pooled mean and
   * deviation the coordinator computes from the sites' aggregate statistics, gathered through the gate before round 1
   * (sent beside the plan, whose hash stays fixed); `per-site` has each site standardize its numeric features with its
   * own training rows' statistics (not federated).
   */
  standardize?: 'per-site' | 'federated';
  /** Own data: the hash of the schema every site's data must have (`schemaHash` of its training asset's schema). */
  schemaHash?: string;
  seed: number;
  /** Requested L2 clip norm of each update; a site may only make it smaller. */
  clipNorm?: number;
  /** Requested Gaussian noise multiplier; a site may only make it larger. */
  noiseMultiplier?: number;
  /** How the coordinator combines updates (default FedAvg); robust strategies only where secure aggregation is off. */
  aggregation?: AggregationPlan;
  /** Secure aggregation (connector/training/secagg/): updates leave the sites masked; t sites must survive a round. */
  secureAggregation?: SecureAggregationPlan;
}

const canonical = canonicalize as unknown as (value: unknown) => string;

export function planHash(plan: TrainingPlan): string {
  return `sha256:${createHash('sha256').update(canonical(plan)).digest('hex')}`;
}
