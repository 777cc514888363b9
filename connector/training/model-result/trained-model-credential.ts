import { KONTOR_CONTEXT_V1_URL, KONTOR_MODEL_CONTEXT_V2_URL, KONTOR_MODEL_CONTEXT_V3_URL } from '../../identity/index.js';
import type { RoundMetrics, Training } from '../training.js';
import type { ModelSpec } from './model-file.js';

export const MODEL_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', KONTOR_CONTEXT_V1_URL, KONTOR_MODEL_CONTEXT_V2_URL] as const;
/** An attestation's contexts: model context v3 defines `attestsDigest`. */
export const ATTESTATION_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', KONTOR_CONTEXT_V1_URL, KONTOR_MODEL_CONTEXT_V3_URL] as const;

/** The privacy measures the coordinator can vouch for itself; each site's attestation adds what it applied. */
export interface PrivacyMeasures {
  /** What the plan asked of every site (a site may only make them stricter: its attestation says what it applied). */
  requestedClipNorm: number | null;
  requestedNoiseMultiplier: number | null;
  /** The coordinator bounded every update's norm before FedAvg (update-bound.ts); updates it scaled down, per round. */
  updateNormBound: true;
  clippedUpdates: { round: number; siteDid: string }[];
  /** True when the plan had secure aggregation: every round's updates were then masked (the sites refuse plain ones). */
  secureAggregation: boolean;
  /**
   * Under a privacy budget (fl:epsilon in the agreements): the ε each site signed it had spent in its last receipt,
   * with its budget and δ; null when no site trained under a budget (no ε is claimed).
   */
  epsilonSpent: { siteDid: string; epsilonSpent: number; epsilonBudget: number; delta: number }[] | null;
}

export interface TrainedModelInput {
  id: string;
  issuer: string;
  issuedAt: string;
  training: Training;
  spec: ModelSpec;
  modelHash: string;
  modelFileSha256: string;
  /** The SHA-256 of the model file in every export format (model-exports.ts). */
  modelFiles: { format: string; sha256: string }[];
  auditHead: { seq: number; hash: string };
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

/** The site's training rows as the coordinator last saw them (already bucketed by the site, if it buckets), as a decade: never the count. */
const lastSampleCount = (t: Training, siteDid: string) =>
  [...t.metrics]
    .reverse()
    .flatMap((m) => m.sites)
    .find((s) => s.siteDid === siteDid)?.sampleCount;
function decade(n: number | undefined): { min: number; max: number } | null {
  if (n === undefined || n < 1) return null;
  const min = 10 ** Math.floor(Math.log10(n));
  return { min, max: min * 10 - 1 };
}

function metricsOf(m: RoundMetrics | undefined) {
  if (!m) return null;
  return {
    round: m.round,
    accuracy: finite(m.accuracy),
    loss: finite(m.loss),
    sites: m.sites.map((s) => ({ siteDid: s.siteDid, trainAccuracy: finite(s.trainAccuracy), evalAccuracy: s.evalAccuracy === undefined ? null : finite(s.evalAccuracy) })),
  };
}

const spentBySite = (t: Training): PrivacyMeasures['epsilonSpent'] => {
  const spent = t.sites.flatMap((s) => (s.privacy ? [{ siteDid: s.siteDid, ...s.privacy }] : []));
  return spent.length > 0 ? spent : null;
};

export function privacyMeasuresOf(t: Training): PrivacyMeasures {
  return {
    requestedClipNorm: t.plan.clipNorm ?? null,
    requestedNoiseMultiplier: t.plan.noiseMultiplier ?? null,
    updateNormBound: true,
    clippedUpdates: t.metrics.flatMap((m) => m.sites.filter((s) => s.clipped).map((s) => ({ round: m.round, siteDid: s.siteDid }))),
    secureAggregation: t.plan.secureAggregation !== undefined,
    epsilonSpent: spentBySite(t),
  };
}

/**
 * The unsigned TrainedModelCredential (VC 2.0): which model (hash of its parameters and of its file in each export
 * format, its spec),
 * trained under which plan and purpose, by which sites under which agreements, for how many rounds, on data of which
 * schema, with which privacy measures, to which final metrics, and the coordinator's audit head when it was issued.
 * Sign it with connector/identity `issueCredential`.
 */
export function buildTrainedModelCredential(input: TrainedModelInput): Record<string, unknown> {
  const t = input.training;
  return {
    '@context': [...MODEL_CONTEXTS],
    id: input.id,
    type: ['VerifiableCredential', 'TrainedModelCredential'],
    issuer: input.issuer,
    validFrom: input.issuedAt,
    credentialSubject: {
      id: t.id,
      modelHash: input.modelHash,
      modelFileSha256: input.modelFileSha256,
      modelFiles: input.modelFiles,
      modelSpec: input.spec,
      planHash: t.planHash,
      trainingPurpose: t.purpose,
      schemaHash: t.plan.schemaHash ?? null,
      roundsRun: t.currentRound,
      participants: t.sites.map((s) => ({ siteDid: s.siteDid, agreementId: s.agreementId, status: s.status, rowCountBucket: decade(lastSampleCount(t, s.siteDid)) })),
      privacyMeasures: privacyMeasuresOf(t),
      finalMetrics: metricsOf(t.metrics.at(-1)),
      auditHead: input.auditHead,
    },
  };
}

export interface AttestationInput {
  id: string;
  issuer: string;
  issuedAt: string;
  /** The coordinator's credential this attests (its id) and the model hash both name. */
  credentialId: string;
  /** The exact credential this attests: credentialDigest (credential-digest.ts) of the credential the site checked. */
  credentialDigest: string;
  trainingId: string;
  modelHash: string;
  agreementId: string;
  roundsTakenPart: { fit: number[]; evaluate: number[] };
  appliedPrivacy: { clipNorm: number | null; noiseMultiplier: number | null };
  auditHead: { seq: number; hash: string };
}

/** A site's countersignature: it took part in this training (per its own audit log) and evaluated this very model. */
export function buildAttestation(input: AttestationInput): Record<string, unknown> {
  return {
    '@context': [...ATTESTATION_CONTEXTS],
    id: input.id,
    type: ['VerifiableCredential', 'TrainedModelAttestation'],
    issuer: input.issuer,
    validFrom: input.issuedAt,
    credentialSubject: {
      id: input.trainingId,
      attests: input.credentialId,
      attestsDigest: input.credentialDigest,
      modelHash: input.modelHash,
      siteAgreement: input.agreementId,
      roundsTakenPart: input.roundsTakenPart,
      appliedPrivacy: input.appliedPrivacy,
      auditHead: input.auditHead,
    },
  };
}
