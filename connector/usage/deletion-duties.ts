import { createHash } from 'node:crypto';
import type { Clock, Logger } from '../../core/index.js';
import { canonicalPolicyTerms } from '../../policy/index.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { ArtifactVault, DutyTimerStore } from './index.js';
import type { TrainedModel } from './model-artifacts.js';

export const MODEL_ARTIFACTS = 'urn:kontor:artifact-class:model-artifacts';
const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The durable timer of one `delete` duty (the agreement's obligation at `index`) over a training's model artifacts. */
export const deletionDutyId = (trainingId: string, agreementId: string, index: number): string => `delete:${short(`${trainingId}|${agreementId}|${index}`)}`;

/** ISO 8601 durations the duties use (PnDTnHnMnS); anything else is refused by returning undefined. */
export function durationMs(text: unknown): number | undefined {
  const m = typeof text === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text) : null;
  if (!m || text === 'P' || text === 'PT') return undefined;
  return (((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
}

type Json = Record<string, unknown>;
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is Json => typeof x === 'object' && x !== null);

/** An ODRL term as its bare name (`delete`, `odrl:delete`, the full IRI, `{"@id": …}`), another IRI as written. */
function odrlTerm(value: unknown): string | undefined {
  const raw = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json)['@id'] : value;
  return typeof raw === 'string' ? raw.replace(/^(odrl:|http:\/\/www\.w3\.org\/ns\/odrl\/2\/)/, '') : undefined;
}

/**
 * The `delete` obligations of an agreement's policy on the model artifacts, with their deadline after the end of use.
 * The policy is read with its ODRL keys by their bare names (canonicalPolicyTerms): a DSP offer writes
 * `odrl:consequence`, and a peer may write any ODRL key or term with the prefix or as a full IRI.
 */
export function deleteDutiesOf(stored: Json): { index: number; assignee: string | undefined; afterMs: number; consequence: string[] }[] {
  const read = canonicalPolicyTerms(stored);
  const policy = read.ok ? read.policy : stored;
  return asArray(policy.obligation).flatMap((duty, index) => {
    // DSP offers carry no rule targets: a delete duty without one applies to the model artifacts.
    const target = odrlTerm(duty.target);
    if (odrlTerm(duty.action) !== 'delete' || (duty.target !== undefined && target !== MODEL_ARTIFACTS)) return [];
    const right = asArray(duty.constraint).find((c) => odrlTerm(c.leftOperand) === 'elapsedTime')?.rightOperand;
    const afterMs = durationMs(typeof right === 'object' && right !== null ? (right as Json)['@value'] : right) ?? 0;
    const assignee = odrlTerm(duty.assignee);
    return [{ index, assignee, afterMs, consequence: asArray(duty.consequence).map((c) => String(odrlTerm(c.action))) }];
  });
}

/**
 * After each round the coordinator keeps the new global model as an encrypted checkpoint under every site's agreement
 * (same class and key as the final model: the training's own partition of the vault, so several trainings under one
 * agreement are shredded apart), so the deletion duty shreds the checkpoints with the model and the receipt lists them all.
 */
export async function storeRoundCheckpoint(vault: ArtifactVault, t: TrainedModel): Promise<void> {
  const bytes = Buffer.from(
    JSON.stringify({ trainingId: t.id, round: t.currentRound, planHash: t.planHash, modelHash: t.checkpoints.at(-1)?.modelHash ?? null, params: t.global }),
  );
  for (const site of t.sites) {
    await vault.write({ agreementId: site.agreementId, artifactClass: MODEL_ARTIFACTS, artifactName: `checkpoint-${short(t.id)}-r${t.currentRound}` }, bytes, t.id);
  }
}

/**
 * When a training ends, the coordinator keeps its final model as an encrypted artifact (one key per agreement, artifact
 * class and training; the training record keeps a plain copy until the duty runs) and compiles each agreement's `delete` obligations on that class into durable timers:
 * due = end of training + the duty's `elapsedTime`. Deterministic ids make this idempotent.
 */
export async function storeModelAndScheduleDeletion(
  deps: { vault: ArtifactVault; duties: DutyTimerStore; agreements: AgreementStore; self: string; clock: Clock; logger: Logger },
  t: Omit<TrainedModel, 'checkpoints'>,
): Promise<void> {
  const bytes = Buffer.from(JSON.stringify({ trainingId: t.id, planHash: t.planHash, params: t.global }));
  for (const site of t.sites) {
    const agreement = await deps.agreements.findById(site.agreementId);
    if (!agreement) continue;
    const owed = deleteDutiesOf(agreement.policy).filter((x) => x.assignee === undefined || x.assignee === deps.self);
    const timers = await Promise.all(owed.map((duty) => deps.duties.findById(deletionDutyId(t.id, site.agreementId, duty.index))));
    // A duty that ran (or runs) shredded this agreement's model artifacts: writing the model again would bring it back.
    if (timers.some((timer) => timer !== undefined && timer.state !== 'pending')) continue;
    // The model first (a duty due at once must find it), but a vault that fails must not leave the agreement
    // without its deletion duty and receipt: the duty still shreds whatever was written (the checkpoints).
    await deps.vault
      .write({ agreementId: site.agreementId, artifactClass: MODEL_ARTIFACTS, artifactName: `model-${short(t.id)}` }, bytes, t.id)
      .catch((error: unknown) =>
        deps.logger.error({ err: error, agreementId: site.agreementId, trainingId: t.id }, 'the final model could not be stored; its deletion duty is scheduled all the same'),
      );
    for (const [i, duty] of owed.entries()) {
      if (timers[i]) continue;
      await scheduleDeleteDuty(deps, t.id, site, duty);
      deps.logger.info({ agreementId: site.agreementId, after: duty.afterMs }, 'deletion duty scheduled');
    }
  }
}

/**
 * One `delete` obligation owed to a site as a durable timer, due `afterMs` from now under its deterministic id
 * (deletionDutyId); `extra` joins the payload (unstored-round-updates.ts). Returns the id.
 */
export async function scheduleDeleteDuty(
  deps: { duties: DutyTimerStore; clock: Clock },
  trainingId: string,
  site: TrainedModel['sites'][number],
  duty: { index: number; afterMs: number; consequence: string[] },
  extra: Json = {},
): Promise<string> {
  const id = deletionDutyId(trainingId, site.agreementId, duty.index);
  await deps.duties.schedule({
    id,
    agreementId: site.agreementId,
    action: 'delete',
    dueAt: deps.clock.now() + duty.afterMs,
    payload: {
      artifactClass: MODEL_ARTIFACTS,
      trainingId,
      siteDid: site.siteDid,
      endpoint: site.endpoint ?? null,
      obligation: duty.index,
      consequence: duty.consequence,
      ...extra,
    },
  });
  return id;
}
