import { isConnectorError, type Clock, type IdGenerator } from '../../core/index.js';
import type { AuditEntry, AuditLog } from '../audit/index.js';
import { issueCredential, type IdentityRuntime } from '../identity/index.js';
import type { ArtifactVault } from './artifact-vault.js';
import { buildDeletionReceipt, DELETION_METHOD_CRYPTO_SHRED, type DeletedArtifact } from './deletion-receipt.js';
import type { DutyTimer, DutyTimerStore } from './duty-timer.js';
import { deliveryDutyId, type DeliveryPayload } from './receipt-delivery.js';
import { siteTransferOf } from './site-transfer.js';
import { DELETION_METHOD_RELEASED_UNSTORED, UNSTORED_ROUND_UPDATES, unstoredRoundUpdates } from './unstored-round-updates.js';

export interface ModelDeletionDeps {
  duties: DutyTimerStore;
  vault: ArtifactVault;
  /** Forgets the plain copy of a training's global model; a failure fails the step (no receipt), which is retried. */
  forgetModel(trainingId: string): Promise<void>;
  audit: AuditLog;
  runtime: IdentityRuntime | undefined;
  /** Our participant id (the actor of the entries). */
  self: string;
  clock: Clock;
  ids: IdGenerator;
  /** How late a duty may run before its consequence (inform) is recorded. */
  graceMs: number;
}

/** A `delete` duty's payload (deletion-duties.ts). */
export interface DeletePayload {
  artifactClass: string;
  trainingId: string;
  siteDid: string;
  endpoint: string | null;
  consequence: string[];
  /**
   * Set when the training ended before this round closed and stored no model (unstored-round-updates.ts): the receipt
   * also lists the round's updates as released from memory, never stored; only the training's own partition is shredded.
   */
  unaggregatedRound?: number;
  /** The first round never aggregated when several were asked for (a round lost to a crash before the last); else unaggregatedRound alone. */
  unaggregatedFrom?: number;
}

type Json = Record<string, unknown>;
const dataOf = (e: AuditEntry): Json => (typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data) ? (e.data as Json) : {});

/**
 * One `delete` duty as one durable step, safe to run again after any failure or crash. Its audit entries (subject: the
 * duty id) are its record:
 * 1. the plain model dropped from the training record (a failure stops here: no receipt);
 * 2. the artifacts of the training's partition of the vault listed (class, name, digest, key id) and recorded in a
 *    `deletion` entry *before* anything is destroyed (other trainings under the agreement keep theirs); a training that
 *    ended before its first round closed adds that round's updates, released from memory and never stored (its
 *    receipt's method then says so: unstored-round-updates.ts);
 * 3. the crypto-shred (idempotent); 4. the receipt signed over what step 2 recorded, bound to that entry, the training
 * and the site's transfer, and kept in a second entry; 5. its delivery scheduled as a duty of its own (receipt-delivery.ts).
 * A run that finds step 2's entry shreds again and signs over the recorded list (never an emptier one); one that finds
 * the receipt only schedules its delivery. Returns whether a delivery was scheduled.
 */
export async function runModelDeletion(d: ModelDeletionDeps, duty: DutyTimer): Promise<boolean> {
  const p = duty.payload as unknown as DeletePayload;
  const entries = await d.audit.select({ subject: duty.id, types: ['deletion'] });
  let stored = entries.map(dataOf).find((x) => x.receipt !== undefined)?.receipt as Json | undefined;
  if (!stored) {
    const recorded = entries.find((e) => Array.isArray(dataOf(e).artifacts)) ?? (await record(d, duty, p));
    const scope = dataOf(recorded).scope;
    const shred = await d.vault.shred(duty.agreementId, p.artifactClass, typeof scope === 'string' ? scope : undefined);
    if (!d.runtime) return false;
    const runtime = d.runtime;
    const listed = dataOf(recorded).artifacts as unknown as DeletedArtifact[];
    const method = dataOf(recorded).method;
    const receipt = await issueCredential(
      buildDeletionReceipt({
        id: `urn:uuid:${d.ids.next()}`,
        issuer: runtime.did,
        agreementId: duty.agreementId,
        artifacts: listed,
        method: typeof method === 'string' ? method : DELETION_METHOD_CRYPTO_SHRED,
        deletedAt: shred.deletedAt,
        auditEntry: { seq: recorded.seq, hash: recorded.hash },
        trainingId: p.trainingId,
        transferId: p.endpoint ? siteTransferOf(p.endpoint) : undefined,
      }),
      { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock: d.clock },
    );
    await d.audit.append({
      type: 'deletion',
      actor: d.self,
      agreementId: duty.agreementId,
      subject: duty.id,
      data: { receipt: receipt as never, sentTo: p.siteDid, duty: duty.id },
    });
    stored = receipt;
  }
  if (!p.endpoint) return false;
  const payload: DeliveryPayload = { receipt: stored, endpoint: p.endpoint, siteDid: p.siteDid, duty: duty.id };
  await d.duties
    .schedule({ id: deliveryDutyId(duty.id), agreementId: duty.agreementId, action: 'deliver-receipt', dueAt: d.clock.now(), payload: payload as unknown as Json })
    .catch((error: unknown) => {
      if (!isConnectorError(error) || error.code !== 'ALREADY_EXISTS') throw error;
    });
  return true;
}

/** Steps 1 and 2: the plain model forgotten, then what is about to be shredded listed and recorded (the missed deadline first). */
async function record(d: ModelDeletionDeps, duty: DutyTimer, p: DeletePayload): Promise<AuditEntry> {
  const late = d.clock.now() - duty.dueAt > d.graceMs;
  if (late)
    await d.audit.append({
      type: 'usage.duty',
      actor: d.self,
      agreementId: duty.agreementId,
      data: { duty: duty.id, event: 'deadline missed', dueAt: new Date(duty.dueAt).toISOString(), consequence: p.consequence },
    });
  await d.forgetModel(p.trainingId);
  // The training's own partition; a training stored before partitions existed has its artifacts in the agreement's
  // (never one that stored no model: its empty partition must not take another training's artifacts for its own).
  const unaggregated = typeof p.unaggregatedRound === 'number' ? p.unaggregatedRound : undefined;
  const own = await d.vault.listIn(duty.agreementId, p.artifactClass, p.trainingId);
  const scope = own.length > 0 || unaggregated !== undefined || (await d.vault.listIn(duty.agreementId, p.artifactClass)).length === 0 ? p.trainingId : undefined;
  const keyId = await d.vault.keyIdOf(duty.agreementId, p.artifactClass, scope);
  const listed = scope === undefined ? await d.vault.listIn(duty.agreementId, p.artifactClass) : own;
  const from = typeof p.unaggregatedFrom === 'number' && unaggregated !== undefined ? Math.min(p.unaggregatedFrom, unaggregated) : unaggregated;
  const rounds = unaggregated === undefined || from === undefined ? [] : Array.from({ length: unaggregated - from + 1 }, (_, i) => from + i);
  const artifacts = [...listed.map((a) => (keyId === undefined ? a : { ...a, keyId })), ...rounds.map((r) => unstoredRoundUpdates(p.trainingId, r))];
  // Only entries never stored: nothing was shredded, the receipt says what did happen (released, never stored).
  const method = artifacts.length > 0 && artifacts.every((a) => a.artifactClass === UNSTORED_ROUND_UPDATES) ? DELETION_METHOD_RELEASED_UNSTORED : DELETION_METHOD_CRYPTO_SHRED;
  return d.audit.append({
    type: 'deletion',
    actor: d.self,
    agreementId: duty.agreementId,
    subject: duty.id,
    data: {
      duty: duty.id,
      training: p.trainingId,
      scope: scope ?? null,
      method,
      deletedAt: d.clock.isoNow(),
      keyId: keyId ?? null,
      artifacts: JSON.parse(JSON.stringify(artifacts)) as never,
      late,
    },
  });
}
