import { createHash } from 'node:crypto';
import type { Clock, Logger } from '../../core/index.js';
import type { AgreementStore } from '../negotiation/index.js';
import { deleteDutiesOf, deletionDutyId, scheduleDeleteDuty } from './deletion-duties.js';
import type { DeletedArtifact } from './deletion-receipt.js';
import type { DutyTimerStore } from './duty-timer.js';
import type { TrainedModel } from './model-artifacts.js';

/**
 * The updates of a round the coordinator never aggregated (the training ended first): whatever of them it received it
 * held in its process's memory only, never wrote anywhere, and let go when the training ended. A receipt entry of this
 * class names them without a ciphertext hash or key (there never was either), and nothing of it was shredded.
 */
export const UNSTORED_ROUND_UPDATES = 'urn:kontor:artifact-class:unstored-round-updates';
/** The deletion method of a receipt that lists only unstored round updates: released from memory, never stored. */
export const DELETION_METHOD_RELEASED_UNSTORED = 'released-from-memory+never-stored';

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The receipt entry of a training's unaggregated round's updates (no hash: they were never stored or encrypted). */
export const unstoredRoundUpdates = (trainingId: string, round: number): DeletedArtifact => ({
  artifactClass: UNSTORED_ROUND_UPDATES,
  artifactName: `round-updates-${short(trainingId)}-r${round}`,
});

/** The sites a training that stored no model still owes a receipt: those it opened a training transfer with (it may have sent them round 1). */
export const askedSites = (t: Pick<TrainedModel, 'sites'>) => t.sites.filter((s) => typeof s.endpoint === 'string' && s.endpoint !== '');

/**
 * A training that ended before its first round closed stored no model and no checkpoint, yet a site it asked for round 1
 * may have served it (its update left the site) and then awaits a deletion receipt. So each `delete` obligation of such
 * a site's agreement still becomes a durable timer (the same id as a model's duty: due = end + `elapsedTime`) whose
 * receipt lists that round's updates as released, never stored (model-deletion.ts): what the coordinator did hold,
 * and no more. Idempotent (deterministic ids); returns the ids it scheduled.
 */
export async function scheduleUnstoredRoundDeletion(
  deps: { duties: DutyTimerStore; agreements: AgreementStore; self: string; clock: Clock; logger: Logger },
  t: Pick<TrainedModel, 'id' | 'currentRound' | 'roundAsked' | 'sites'>,
): Promise<string[]> {
  const scheduled: string[] = [];
  for (const site of askedSites(t)) {
    const agreement = await deps.agreements.findById(site.agreementId);
    if (!agreement) continue;
    for (const duty of deleteDutiesOf(agreement.policy).filter((x) => x.assignee === undefined || x.assignee === deps.self)) {
      if (await deps.duties.findById(deletionDutyId(t.id, site.agreementId, duty.index))) continue;
      // Every round asked for and never closed: one lost to a crash before the last was served and held too.
      const rounds = { unaggregatedFrom: t.currentRound + 1, unaggregatedRound: Math.max(t.roundAsked ?? 0, t.currentRound + 1) };
      scheduled.push(await scheduleDeleteDuty(deps, t.id, site, duty, rounds));
      deps.logger.info({ agreementId: site.agreementId, after: duty.afterMs, trainingId: t.id }, 'deletion duty scheduled for the updates of a round never aggregated');
    }
  }
  return scheduled;
}
