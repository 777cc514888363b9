import { FixedClock, type Clock, type Logger } from '../../core/index.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { ArtifactVault } from './artifact-vault.js';
import { deleteDutiesOf, deletionDutyId, storeModelAndScheduleDeletion } from './deletion-duties.js';
import type { DutyTimerStore } from './duty-timer.js';
import type { TrainedModel } from './model-artifacts.js';
import { askedSites, scheduleUnstoredRoundDeletion } from './unstored-round-updates.js';

/** An ended training as the recovery reads it: no per-round lists, the time it ended (`stateTimestamp`). */
export type EndedModel = Omit<TrainedModel, 'checkpoints'> & { readonly state: string; readonly stateTimestamp: number };

export interface MissedDeletionDeps {
  vault: ArtifactVault;
  duties: DutyTimerStore;
  agreements: AgreementStore;
  self: string;
  clock: Clock;
  logger: Logger;
}

/**
 * The deletion duties of an ended training are scheduled by work that runs after the training's last save (the
 * model stored under each agreement, then each `delete` obligation compiled into a durable timer). A crash between
 * the two, or a failure of that work, left a training whose model no duty would ever shred. This checks one ended
 * training (is some duty its agreements oblige us to not scheduled?) and, if so, does that work again as of the
 * training's end: due = end + `elapsedTime`, so a deadline already past runs at the next sweep and is recorded as
 * missed. A training whose model is gone (`global` empty: a duty shredded it) or one of whose duties ran already is
 * never touched: writing its model again would bring back what was deleted. A training that ended before its first
 * round closed stored no model: its duties are those of the sites it asked (unstored-round-updates.ts), scheduled
 * the same way. Returns whether it scheduled anything.
 */
export async function scheduleMissedDeletionsOf(d: MissedDeletionDeps, t: EndedModel): Promise<boolean> {
  if (t.global.length === 0) return false;
  const owed = await owedDuties(d, t);
  const states = await Promise.all(owed.map(async (id) => (await d.duties.findById(id))?.state));
  if (states.every((s) => s !== undefined) || states.some((s) => s === 'running' || s === 'done' || s === 'failed')) return false;
  const asOfEnd = { ...d, clock: new FixedClock(t.stateTimestamp) };
  await (t.currentRound === 0 ? scheduleUnstoredRoundDeletion(asOfEnd, t) : storeModelAndScheduleDeletion(asOfEnd, t));
  d.logger.warn(
    { trainingId: t.id, state: t.state, endedAt: new Date(t.stateTimestamp).toISOString() },
    'the deletion duties of an ended training were missing: scheduled as of its end',
  );
  return true;
}

/** The ids of the `delete` duties on us that the training's agreements oblige us to (with no model stored: the asked sites'). */
async function owedDuties(d: Pick<MissedDeletionDeps, 'agreements' | 'self'>, t: EndedModel): Promise<string[]> {
  const ids: string[] = [];
  for (const site of t.currentRound === 0 ? askedSites(t) : t.sites) {
    const agreement = await d.agreements.findById(site.agreementId);
    if (!agreement) continue;
    for (const duty of deleteDutiesOf(agreement.policy).filter((x) => x.assignee === undefined || x.assignee === d.self))
      ids.push(deletionDutyId(t.id, site.agreementId, duty.index));
  }
  return ids;
}
