import type { AuditEntry } from '../../audit/index.js';
import type { Provenance } from './model-provenance.js';
import { receiptsOfTraining } from './training-receipts.js';

type Json = Record<string, unknown>;

/** One section of the card: its EU AI Act Annex IV point, a heading, the evidence it rests on, and the content. */
export interface ModelCardSection {
  annexIV: string;
  heading: string;
  evidence: string[];
  content: Json;
}

export interface ModelCard {
  trainingId: string;
  modelHash: string;
  generatedFrom: { credential: string; attestations: string[]; auditEntries: number };
  sections: ModelCardSection[];
  /** Annex IV points Kontor has no evidence for: the provider completes them. */
  notCovered: { annexIV: string; heading: string }[];
}

const dataOf = (e: AuditEntry): Json => (typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data) ? (e.data as Json) : {});

/**
 * Pure: the technical documentation of a trained model, built only from evidence: the provenance credentials (the
 * coordinator's and the sites' countersignatures) and the coordinator's audit entries of this training (`training.round`
 * decisions on updates, `deletion` receipts, `model.use` decisions). Sections follow EU AI Act Annex IV where it
 * applies; docs/model-result.md lists which evidence feeds which heading. Nothing about rows: schema hash and row-count
 * decades only.
 */
export function buildModelCard(p: Provenance, entries: readonly AuditEntry[]): ModelCard {
  const subject = (p.credential.credentialSubject ?? {}) as Json;
  const participants = (Array.isArray(subject.participants) ? subject.participants : []) as Json[];
  const agreements = new Set(participants.map((x) => String(x.agreementId)));
  const attested = new Map(p.attestations.map((a) => [a.siteDid, (a.attestation.credentialSubject ?? {}) as Json]));
  const rounds = entries.filter((e) => e.type === 'training.round' && dataOf(e).transferId === p.trainingId);
  const receipts = receiptsOfTraining(
    p.trainingId,
    entries.filter((e) => e.type === 'deletion' && agreements.has(e.agreementId ?? '')),
  );
  const uses = entries.filter((e) => e.type === 'model.use' && dataOf(e).trainingId === p.trainingId);
  const requests = useRequests(uses, participants[0]);
  const metrics = (subject.finalMetrics ?? {}) as Json;
  const privacy = (subject.privacyMeasures ?? {}) as Json;
  const credentialId = String(p.credential.id);
  const sections: ModelCardSection[] = [
    {
      annexIV: '1(a)',
      heading: 'Intended purpose and the agreements that bound it',
      evidence: [`TrainedModelCredential ${credentialId}: trainingPurpose, participants`],
      content: {
        intendedPurpose: subject.trainingPurpose,
        provider: p.credential.issuer,
        agreements: participants.map((x) => ({ siteDid: x.siteDid, agreementId: x.agreementId })),
        use: 'predictions and export only under a purpose every agreement allows (POST …/predictions, GET …/model)',
      },
    },
    {
      annexIV: '2(b)',
      heading: 'Design specification of the model',
      evidence: [`TrainedModelCredential ${credentialId}: modelSpec, modelHash, modelFileSha256, planHash`],
      content: { modelSpec: subject.modelSpec, modelHash: subject.modelHash, modelFileSha256: subject.modelFileSha256, planHash: subject.planHash },
    },
    {
      annexIV: '2(d)',
      heading: 'Data by site (schema and size, never rows)',
      evidence: [`TrainedModelCredential ${credentialId}: schemaHash, participants[].rowCountBucket`],
      content: { schemaHash: subject.schemaHash, sites: participants.map((x) => ({ siteDid: x.siteDid, rowCountBucket: x.rowCountBucket ?? null, status: x.status })) },
    },
    {
      annexIV: '2(a)',
      heading: 'Training procedure and strategy',
      evidence: [
        'TrainedModelCredential: roundsRun',
        'TrainedModelAttestation per site: roundsTakenPart',
        `coordinator audit: ${rounds.length} training.round decisions on updates`,
      ],
      content: {
        strategy: 'federated averaging (FedAvg) weighted by sample counts; every site trains locally behind its policy gate; raw rows never leave a site',
        roundsRun: subject.roundsRun,
        sites: participants.map((x) => ({
          siteDid: x.siteDid,
          roundsTakenPart: attested.get(String(x.siteDid))?.roundsTakenPart ?? null,
          updatesAccepted: rounds.filter((e) => e.actor === x.siteDid && dataOf(e).allowed === true).length,
          updatesRejected: rounds.filter((e) => e.actor === x.siteDid && dataOf(e).allowed === false).map((e) => ({ round: dataOf(e).round, reason: dataOf(e).reason })),
        })),
      },
    },
    {
      annexIV: '2(g)',
      heading: 'Validation and testing: evaluation per site and global',
      evidence: ["TrainedModelCredential: finalMetrics (federated evaluation on each site's held-out rows)"],
      content: { global: { round: metrics.round ?? null, accuracy: metrics.accuracy ?? null, loss: metrics.loss ?? null }, perSite: metrics.sites ?? [] },
    },
    {
      annexIV: '2(h)',
      heading: 'Privacy and security measures',
      evidence: ['TrainedModelCredential: privacyMeasures', 'TrainedModelAttestation per site: appliedPrivacy'],
      content: {
        coordinator: privacy,
        appliedBySite: [...attested].map(([siteDid, s]) => ({ siteDid, ...(s.appliedPrivacy as Json) })),
        attestedBy: [...attested.keys()],
        notAttested: p.refusals,
      },
    },
    {
      annexIV: '6',
      heading: 'Deletion duties and their receipts',
      evidence: [`coordinator audit: ${receipts.length} deletion receipt(s) issued`],
      content: {
        receipts: receipts.map((r) => ({
          id: r.id,
          agreement: (r.credentialSubject as Json | undefined)?.agreement,
          deletedAt: (r.credentialSubject as Json | undefined)?.deletedAt,
          issuer: r.issuer,
        })),
        modelDeleted: receipts.length > 0,
      },
    },
    {
      annexIV: '3',
      heading: 'Use and known limits',
      evidence: [`coordinator audit: ${uses.length} model.use decisions (one per site and request) of ${requests.length} request(s)`],
      content: {
        uses: {
          predictionsPermitted: requests.filter((d) => d.action === 'predict' && d.counted === true).length,
          exportsPermitted: requests.filter((d) => d.action === 'export' && d.counted === true).length,
          denied: requests.filter((d) => d.counted !== true).length,
        },
        knownLimits: [
          modelLimit((subject.modelSpec as Json | undefined)?.model),
          privacy.secureAggregation === true
            ? "secure aggregation: the coordinator saw only the sum of the sites' masked updates; each site's sample count stayed visible"
            : "no secure aggregation: the coordinator saw each site's clipped, noised update",
          epsilonLimit(privacy.epsilonSpent),
          "metrics are on the sites' held-out rows (a positional 75/25 split), not on data from outside the consortium",
          ...(subject.modelSpec && (subject.modelSpec as Json).scaling === null
            ? ['per-site scaling: the model has no common input scaling and cannot be used outside the sites']
            : []),
        ],
      },
    },
  ];
  return {
    trainingId: p.trainingId,
    modelHash: String(subject.modelHash),
    generatedFrom: { credential: credentialId, attestations: p.attestations.map((a) => String(a.attestation.id)), auditEntries: rounds.length + receipts.length + uses.length },
    sections,
    notCovered: [
      { annexIV: '4', heading: 'Appropriateness of the performance metrics (a human judgement)' },
      { annexIV: '5', heading: 'Risk management system (Article 9)' },
      { annexIV: '7', heading: 'Harmonised standards applied' },
      { annexIV: '8', heading: 'EU declaration of conformity' },
      { annexIV: '9', heading: 'Post-market monitoring plan' },
    ],
  };
}

/**
 * Pure: one `model.use` entry per request. Every request writes one entry per site of the training, in the order of the
 * credential's participants, so the first participant's entries (by agreement) are the requests; each carries `counted`,
 * true only when every site's decision permitted the use and it was counted under each agreement.
 */
function useRequests(uses: readonly AuditEntry[], first: Json | undefined): Json[] {
  if (!first) return [];
  return uses.filter((e) => e.agreementId === String(first.agreementId) && dataOf(e).siteDid === first.siteDid).map(dataOf);
}

/** The known limit the ε line states: none claimed, or each site's spend (fit rounds only) against its budget. */
function epsilonLimit(spent: unknown): string {
  if (!Array.isArray(spent) || spent.length === 0) return 'no privacy budget: no ε is claimed for the noise';
  const each = (spent as { siteDid: string; epsilonSpent: number; epsilonBudget: number; delta: number }[]).map(
    (e) => `${e.siteDid} ${e.epsilonSpent.toFixed(3)} of ${e.epsilonBudget} at δ ${e.delta}`,
  );
  return `ε spent (DP-SGD fit rounds only; statistics and evaluations are outside the budget): ${each.join('; ')}`;
}

/** What the model's kind limits: a linear model, or a perceptron whose weights explain nothing one by one. */
function modelLimit(model: unknown): string {
  const hidden = typeof model === 'object' && model !== null && Array.isArray((model as Json).hidden) ? ((model as Json).hidden as unknown[]) : [];
  if (hidden.length === 0) return 'softmax regression: a linear model over the listed inputs';
  return `a multi-layer perceptron (hidden layers of ${hidden.join(', ')} units): its weights do not explain a prediction one by one`;
}
