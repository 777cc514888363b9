import type { Logger } from '../core/index.js';
import { renewLease } from './statemachine/lease-renewal.js';
import { afterWorkFailure, type AfterWorkClaims, type ModelProvenance, type Training, type TrainingHead } from './training/index.js';
import { scheduleMissedDeletionsOf, scheduleUnstoredRoundDeletion, storeModelAndScheduleDeletion, type MissedDeletionDeps } from './usage/index.js';

/**
 * How long a claim on a training's after-work holds without renewal; the work renews it every third of that while it
 * runs (provenance waits 30 s per unreachable site), so a crashed claimer's item is free again within a minute.
 */
export const AFTER_WORK_LEASE_MS = 60_000;
/** How often the recovery looks for after-work items not done (the duty runner's sweep runs it). */
export const AFTER_WORK_RECOVERY_MS = 60_000;

/** What the after-work of an ended training needs, at its end and in the recovery. */
export interface AfterWorkDeps extends MissedDeletionDeps {
  /** The after-work items (the store writes one with the save that ends a training). */
  claims: AfterWorkClaims;
  /** This process (replica) as a claimer. */
  owner: string;
  /** Ends our training transfer with a site (the site then closes its session and watches for its receipt). */
  endTransfer(transferId: string): Promise<void>;
  /** The model's provenance credentials; undefined without a DCP identity (nothing to sign with). */
  provenance: Pick<ModelProvenance, 'issue' | 'provenanceOf'> | undefined;
  logger: Logger;
}

/**
 * The end of a training sets off work after its last save, in the process that saved it: the sites' transfers ended
 * (a site watches for its deletion receipt from then on), a completed training's provenance credential, the model
 * stored under each agreement with its deletion duties, or, when no round closed, the duties owed to the sites it asked
 * (`then` runs after those are scheduled). It runs under a claim
 * on the training's after-work item, which it marks done when all of it succeeded and lets go otherwise: the recovery
 * then does what is missing. Without the claim (another replica's recovery holds it), it leaves the work to that one.
 */
export async function runTrainingAfterWork(d: AfterWorkDeps, t: Training, then: () => Promise<unknown>): Promise<void> {
  if (!(await d.claims.claim(t.id, d.owner, AFTER_WORK_LEASE_MS))) return;
  const held = renewLease(renewing(d.claims), t.id, d.owner, AFTER_WORK_LEASE_MS, d.logger);
  let failure: string | undefined;
  const warn = (what: string, fields: Record<string, unknown>) => (error: unknown) => {
    failure ??= afterWorkFailure(what, error);
    d.logger.warn({ err: error, trainingId: t.id, ...fields }, `${what} failed`);
  };
  await Promise.all(t.sites.map((s) => (s.transferId ? d.endTransfer(s.transferId).catch(warn('ending a training transfer', { transferId: s.transferId })) : undefined)));
  if (t.state === 'COMPLETED' && d.provenance) await d.provenance.issue(t).catch(warn('issuing the model credential', {}));
  // A training that ended before its first round closed stored no model, but a site it asked may have served round 1
  // and awaits a receipt: its duty lists that round's updates, released and never stored (unstored-round-updates.ts).
  const deletion = t.currentRound > 0 ? storeModelAndScheduleDeletion(d, t) : scheduleUnstoredRoundDeletion(d, t);
  await deletion.then(then).catch(warn('storing the model or scheduling its deletion', {}));
  await held.stop();
  await settle(d, t.id, failure);
}

/** The claims as the lease renewal sees a store: renewing is claiming again as the holder. */
const renewing = (claims: AfterWorkClaims) => ({ claimById: (id: string, owner: string, leaseMs: number) => claims.renew(id, owner, leaseMs) });

export interface AfterWorkRecoveryDeps extends AfterWorkDeps {
  /** An ended training without its per-round lists (undefined when it is gone). */
  head(id: string): Promise<TrainingHead | undefined>;
  /** The whole training (what its provenance credential is built from). */
  full(id: string): Promise<Training>;
  /** A live transfer's endpoint (a string) or why it is not live (training-module's `endpointOf`). */
  endpointOf(transferId: string): Promise<string | { ended: string } | undefined>;
  /** Whether this process's own after-work for the training is still under way (it is left to that work). */
  busy(trainingId: string): boolean;
  /** Items read at a time (default 100). */
  pageSize?: number;
}

/**
 * A crash between a training's last save and its after-work, or a failure of that work, would lose it for good. This
 * does again whatever is missing of every after-work item not done that no one holds a live claim on (a crashed
 * claimer's lease runs out) and that this process is not still working on, in one pass: deletion duties as of the
 * training's end (missed-deletions.ts), every transfer still live ended, a completed training's missing credential
 * issued. Each item is claimed first, then marked done, or let go when a step failed (a later pass tries again once
 * its back-off has passed: afterWorkRetryDelayMs).
 */
export async function recoverTrainingAfterWork(d: AfterWorkRecoveryDeps): Promise<{ deletions: string[]; transfersEnded: string[]; provenance: string[] }> {
  const deletions: string[] = [];
  const transfersEnded: string[] = [];
  const provenance: string[] = [];
  const limit = d.pageSize ?? 100;
  for (let ids = await d.claims.pending({ limit }); ids.length > 0; ids = await d.claims.pending({ after: ids.at(-1), limit })) {
    for (const id of ids) {
      if (d.busy(id) || !(await d.claims.claim(id, d.owner, AFTER_WORK_LEASE_MS))) continue;
      const held = renewLease(renewing(d.claims), id, d.owner, AFTER_WORK_LEASE_MS, d.logger);
      let failure: string | undefined;
      try {
        const t = await d.head(id);
        if (t) {
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
        }
      } catch (error) {
        failure = afterWorkFailure('recovering the after-work', error);
        d.logger.warn({ err: error, trainingId: id }, 'recovering the after-work of an ended training failed');
      }
      await held.stop();
      await settle(d, id, failure);
    }
  }
  return { deletions, transfersEnded, provenance };
}

/**
 * Marks the item done, or lets the claim go after a failure, counted with its reason (the item's back-off then puts
 * the next attempt off); a failure to do either only leaves the lease to run out.
 */
async function settle(d: Pick<AfterWorkDeps, 'claims' | 'owner' | 'logger'>, id: string, failure: string | undefined): Promise<void> {
  await (failure !== undefined ? d.claims.release(id, d.owner, failure) : d.claims.done(id)).catch((error: unknown) =>
    d.logger.warn({ err: error, trainingId: id }, 'recording the after-work of an ended training failed'),
  );
}
