import type { ParticipantAgent } from './participant-agent.js';
import type { PolicyScope } from './policy-scope.js';

/** What the site knows about the training round being requested (federated-training profile). */
export interface TrainingRoundFacts {
  /** `fl:fit`, `fl:evaluate`, `fl:statistics` (feature statistics before round 1), or the bare names. */
  taskType?: string;
  /** Hash of the pinned plan actually requested, e.g. "sha256:…". */
  planHash?: string;
  localEpochs?: number;
  /** Samples the site will use this round (n_k). */
  sampleCount?: number;
  /** The L2 clip norm the site applies. */
  clipNorm?: number;
  /** The DP noise multiplier the site applies. */
  noiseMultiplier?: number;
  /** The ε the site will have spent under this agreement once this round is served (its RDP accountant, at `delta`). */
  epsilon?: number;
  /** The δ at which the site accounts ε. */
  delta?: number;
  /** The plan's secure-aggregation threshold t (connector/training/secagg/), 0 when its updates are not masked. */
  secureAggregation?: number;
}

/** An affiliate the data would reach (Catena-X AffiliatesBpnl / AffiliatesRegion). */
export interface AffiliateFacts {
  bpnl?: string;
  region?: string;
}

/**
 * Everything an evaluation may read. Time is data: `now` and `agreementStart` are epoch ms or
 * xsd:dateTime strings. Counters count what happened *before* this request.
 */
export interface EvaluationContext {
  scope: PolicyScope;
  now: number | string;
  /** The requested action; defaults to `cx-policy:access` in catalog scope and `use` elsewhere. */
  action?: string;
  agent?: ParticipantAgent;
  /** The asset the request is about; rules with another target do not apply. */
  target?: string;
  agreementStart?: number | string;
  /** Uses already made under the agreement (the request being evaluated is number usageCount + 1). */
  usageCount?: number;
  /** Training rounds already completed (the requested round is roundCount + 1). */
  roundCount?: number;
  /** The declared purpose: an IRI, CURIE, or (Catena-X) a purpose string such as "cx.pcf.base:1". */
  purpose?: string;
  /** Who receives the result; defaults to the agent. */
  recipient?: string;
  /** Where the action happens (ISO 3166 code or IRI). */
  spatial?: string;
  contractReferences?: readonly string[];
  affiliates?: readonly AffiliateFacts[];
  training?: TrainingRoundFacts;
  /** Instants that duty deadlines may count from, by anchor IRI or name (e.g. "fl:aggregationDone"). */
  anchors?: Readonly<Record<string, number | string>>;
}
