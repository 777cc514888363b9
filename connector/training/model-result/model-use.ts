import { ConnectorError, notFound, type Clock } from '../../../core/index.js';
import type { PolicyEngine } from '../../../policy/index.js';
import type { AuditLog } from '../../audit/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import { parsedAgreementPolicies } from '../../negotiation/index.js';
import { modelMath } from '../backend/model-math.js';
import type { TrainingHead, TrainingHeads } from '../training.js';
import { deletionEntries } from './audit-scan.js';
import { exportModelFile, type ExportedModel, type ExportFormat } from './model-exports.js';
import { modelFileOf } from './model-file.js';
import type { ModelUseLedger } from './model-use-ledger.js';
import { decideModelUse, grantsExport, type ModelAction } from './model-use-policy.js';
import { predictionOf } from './prediction-output.js';
import { checkPredictionRows } from './prediction-rows.js';
import { receiptsOfTraining } from './training-receipts.js';
import { purposeProblem } from './use-purpose.js';

export interface ModelUseDeps {
  /** Heads only: a model's use needs none of the per-round lists, which grow with the rounds. */
  trainings: TrainingHeads;
  agreements: AgreementStore;
  engine: PolicyEngine;
  audit: AuditLog;
  /** The use counts (a policy's `count`), claimed in the transaction that decides and audits a use. */
  ledger: ModelUseLedger;
  clock: Clock;
  /** Our participant id: the consumer of every agreement behind a training. */
  self: string;
  modelHash(params: readonly number[]): string;
}

/**
 * Using a trained model under the agreements behind it (issue 18, items 1 and 2): predictions and export. The model
 * must exist (training completed, not shredded: else MODEL_DELETED with the deletion receipts); every site's agreement
 * must allow the request's purpose (decideModelUse); each decision, permit or deny, is a `model.use` audit entry, and a
 * use every agreement permits is counted under each, atomically with its decision (ModelUseLedger).
 */
export function modelUse(d: ModelUseDeps) {
  const policyOf = parsedAgreementPolicies(d.engine);

  async function usableTraining(trainingId: string): Promise<TrainingHead> {
    const t = await d.trainings.findHeadById(trainingId);
    if (!t) throw notFound('training', trainingId);
    if (t.state !== 'COMPLETED') throw new ConnectorError('MODEL_NOT_AVAILABLE', { detail: `training '${t.id}' is ${t.state}: only a completed training has a model` });
    if (t.global.length === 0) {
      const receipts = await receiptsFor(t);
      throw new ConnectorError('MODEL_DELETED', {
        detail: `the model of training '${t.id}' was deleted (crypto-shredded) under its deletion duty; ${receipts.length} signed deletion receipt(s) prove it`,
        extensions: { receipts },
      });
    }
    return t;
  }

  /** The deletion receipts we issued for this training's model artifacts (from the audit log). */
  async function receiptsFor(t: TrainingHead): Promise<Record<string, unknown>[]> {
    return receiptsOfTraining(
      t.id,
      await deletionEntries(
        d.audit,
        t.sites.map((s) => s.agreementId),
      ),
    );
  }

  /**
   * Decides under every site's agreement with its use count, and counts the use under each when all allow it, audits
   * each decision (all in one ledger transaction), and throws POLICY_DENIED naming each refusing site.
   */
  async function authorize(t: TrainingHead, action: ModelAction, purpose: string, detail: Record<string, string | number>): Promise<void> {
    const now = d.clock.now();
    const agreements = new Map(await Promise.all(t.sites.map(async (s) => [s.agreementId, await d.agreements.findById(s.agreementId)] as const)));
    const denials = await d.ledger.decide(
      t.sites.map((s) => s.agreementId),
      (counts) => {
        const verdicts = t.sites.map((site) => {
          const agreement = agreements.get(site.agreementId);
          const verdict = agreement
            ? decideModelUse({ engine: d.engine, agreement, policy: policyOf(agreement), action, purpose, now, self: d.self, usageCount: counts.get(site.agreementId) ?? 0 })
            : { allowed: false as const, reason: 'the agreement is gone' };
          return { site, verdict };
        });
        const refused = verdicts.flatMap(({ site, verdict }) => (verdict.allowed ? [] : [`${site.siteDid} (agreement ${site.agreementId}): ${verdict.reason}`]));
        return {
          counted: refused.length === 0,
          result: refused,
          audit: verdicts.map(({ site, verdict }) => ({
            type: 'model.use' as const,
            actor: d.self,
            agreementId: site.agreementId,
            subject: t.id,
            data: {
              trainingId: t.id,
              action,
              purpose,
              siteDid: site.siteDid,
              decision: verdict.allowed ? 'permit' : 'deny',
              reason: verdict.allowed ? 'the agreement allows this use' : verdict.reason,
              counted: refused.length === 0,
              ...detail,
            },
          })),
        };
      },
    );
    if (denials.length > 0)
      throw new ConnectorError('POLICY_DENIED', {
        detail: `the agreements behind the training do not allow ${action === 'predict' ? 'predictions' : 'handing the model out'} for purpose '${purpose}': ${denials.join(' | ')}`,
      });
  }

  return {
    usableTraining,
    async predict(trainingId: string, body: { purpose: string; rows: unknown }) {
      const problem = purposeProblem(body.purpose);
      if (problem) throw new ConnectorError('VALIDATION_FAILED', { detail: problem, violations: [{ pointer: '/purpose', message: problem }] });
      const t = await usableTraining(trainingId);
      const spec = modelFileOf(t, t.global, d.modelHash).file.spec;
      const checked = checkPredictionRows(body.rows, spec.features);
      if (checked.violations.length > 0) throw new ConnectorError('VALIDATION_FAILED', { detail: "the rows do not fit the model's inputs", violations: checked.violations });
      if (!spec.scaling)
        throw new ConnectorError('MODEL_NOT_AVAILABLE', {
          detail: 'the model was trained with per-site scaling (standardize: per-site): it has no common input scaling to predict with',
        });
      await authorize(t, 'predict', body.purpose, { rows: checked.rows.length });
      const scaling = spec.scaling;
      const math = modelMath(spec.model, spec.features.length, spec.classes.length);
      // Without the export grant, full-precision probabilities would hand the model out by other means: round them.
      const agreements = await Promise.all(t.sites.map((s) => d.agreements.findById(s.agreementId)));
      const rounded = !agreements.every((a) => a !== undefined && grantsExport(a.policy));
      const predictions = checked.rows.map((x) =>
        predictionOf(
          math.probabilities(
            t.global,
            x.map((v, j) => (v - (scaling.mean[j] ?? 0)) / (scaling.std[j] ?? 1)),
          ),
          spec.classes,
          rounded,
        ),
      );
      return { trainingId: t.id, modelHash: d.modelHash(t.global), purpose: body.purpose, probabilitiesRounded: rounded, predictions };
    },
    /** The model file in one export format (model-exports.ts), once every agreement allows handing it out. */
    async exportModel(trainingId: string, purpose: string, format: ExportFormat = 'json'): Promise<ExportedModel> {
      const problem = purposeProblem(purpose);
      if (problem) throw new ConnectorError('INVALID_QUERY', { detail: problem });
      const t = await usableTraining(trainingId);
      const file = exportModelFile(t, format, d.modelHash);
      await authorize(t, 'export', purpose, { format, modelFileSha256: file.sha256 });
      return file;
    },
  };
}

export type ModelUse = ReturnType<typeof modelUse>;
