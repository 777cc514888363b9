import type { Logger } from '../core/index.js';
import type { ModelProvenance, Training, TrainingHead } from './training/index.js';
import { scheduleMissedDeletionsOf, settledEnded, type MissedDeletionDeps } from './usage/index.js';

export interface AfterWorkRecoveryDeps extends Omit<MissedDeletionDeps, 'ended'> {
  /** Ended trainings (COMPLETED, STOPPED, FAILED), a page at a time, without their per-round lists. */
  ended(page: { offset: number; limit: number }): Promise<{ items: readonly TrainingHead[]; total: number }>;
  /** The whole training (what its provenance credential is built from). */
  full(id: string): Promise<Training>;
  /** A live transfer's endpoint (a string) or why it is not live (training-module's `endpointOf`). */
  endpointOf(transferId: string): Promise<string | { ended: string } | undefined>;
  /** Ends our training transfer with a site (the site then closes its session and watches for its receipt). */
  endTransfer(transferId: string): Promise<void>;
  /** The model's provenance credentials; undefined without a DCP identity (nothing to sign with). */
  provenance: Pick<ModelProvenance, 'issue' | 'provenanceOf'> | undefined;
  logger: Logger;
}

/**
 * What the end of a training sets off runs after its last save, in the process that saved it (training-module's
 * onChanged): the deletion duties, the end of the sites' transfers (a site watches for its deletion receipt from
 * then on) and the model's provenance credential. A crash in between, or a failure of that work, would lose them for
 * good. This does again whatever is missing, for trainings that ended `settleMs` ago or more and that this process
 * is not still working on, in one pass: deletion duties as of the training's end (missed-deletions.ts), every
 * transfer still live ended, a completed training's missing credential issued. One training's failure does not stop
 * the others.
 */
export async function recoverTrainingAfterWork(d: AfterWorkRecoveryDeps): Promise<{ deletions: string[]; transfersEnded: string[]; provenance: string[] }> {
  const deletions: string[] = [];
  const transfersEnded: string[] = [];
  const provenance: string[] = [];
  for await (const t of settledEnded(d)) {
    try {
      if (await scheduleMissedDeletionsOf(d, t)) deletions.push(t.id);
      for (const site of t.sites) {
        if (!site.transferId || typeof (await d.endpointOf(site.transferId)) !== 'string') continue;
        await d.endTransfer(site.transferId);
        transfersEnded.push(site.transferId);
        d.logger.warn({ trainingId: t.id, transferId: site.transferId }, 'the transfer of an ended training was still live: ended now');
      }
      if (d.provenance && t.state === 'COMPLETED' && t.global.length > 0 && !(await d.provenance.provenanceOf(t.id))) {
        await d.provenance.issue(await d.full(t.id));
        provenance.push(t.id);
        d.logger.warn({ trainingId: t.id }, 'the model credential of a completed training was missing: issued now');
      }
    } catch (error) {
      d.logger.warn({ err: error, trainingId: t.id }, 'recovering the after-work of an ended training failed');
    }
  }
  return { deletions, transfersEnded, provenance };
}
