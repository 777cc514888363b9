import { ConnectorError, type Clock, type IdGenerator, type Logger } from '../../core/index.js';
import type { AuditLog } from '../audit/index.js';
import { issueCredential, type IdentityRuntime } from '../identity/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { buildDeletionReceipt, DELETION_METHOD_CRYPTO_SHRED, type ArtifactVault, type DutyTimer, type DutyTimerStore } from './index.js';
import { postToSite } from '../peer/post-to-site.js';
import type { ReceiptWatch } from './receipt-watch.js';

export interface DutyRunnerDeps {
  duties: DutyTimerStore;
  vault: ArtifactVault;
  /** Forgets the plain copy of a training's global model once its artifacts are shredded. */
  forgetModel(trainingId: string): Promise<void>;
  audit: AuditLog;
  runtime: IdentityRuntime | undefined;
  auth: PeerAuth;
  outbound: OutboundPolicy;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  owner: string;
  /** The site's watch over receipts owed to it (runs 'await-receipt' and 'suspend-party' duties). */
  watch?: ReceiptWatch;
  /** How late a duty may run before its consequence (inform) is recorded. */
  graceMs?: number;
  /**
   * Work that finds what should have happened and did not (training-after-work.ts: missed deletion duties and more), run before the first sweep's claim and
   * then at most every `everyMs` (default 10 minutes), so that what it schedules overdue runs in that sweep.
   */
  recover?: { run(): Promise<unknown>; everyMs?: number };
}

/**
 * Runs due duties from the durable timers (start-up sweep, then every `intervalMs`, and `tick()` for tests):
 * a `delete` crypto-shreds the artifact class under the agreement, drops the model from the training record,
 * records the deletion in the audit log, issues a DeletionReceiptCredential bound to that audit entry, and sends
 * it to the site, which verifies it and keeps it in its own audit log. A missed deadline is recorded with its consequence.
 * On the site, the same runner runs the receipt watch (receipt-watch.ts): no receipt by the deadline → inform, then suspend.
 */
export class DutyRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private recoverAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly d: DutyRunnerDeps) {}

  tick(): Promise<number> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs = 500): void {
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.d.logger.warn({ err: error }, 'duty sweep failed')), intervalMs);
    this.timer.unref();
    void this.tick().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sweep(): Promise<number> {
    const recover = this.d.recover;
    if (recover && this.d.clock.now() >= this.recoverAt) {
      this.recoverAt = this.d.clock.now() + (recover.everyMs ?? 600_000);
      await recover.run().catch((error: unknown) => this.d.logger.warn({ err: error }, 'recovering missed after-work failed'));
    }
    const due = await this.d.duties.claimDue({ now: this.d.clock.now(), owner: this.d.owner, leaseMs: 60_000, limit: 20 });
    for (const duty of due) {
      try {
        if (await this.d.watch?.run(duty)) {
          await this.d.duties.complete(duty.id, this.d.owner);
          continue;
        }
        if (duty.action !== 'delete') throw new ConnectorError('VALIDATION_FAILED', { detail: `no runner for duty '${duty.action}'` });
        await this.delete(duty);
        await this.d.duties.complete(duty.id, this.d.owner);
      } catch (error) {
        const detail = (error as Error).message;
        this.d.logger.warn({ dutyId: duty.id, detail }, 'duty failed');
        if (duty.attempts >= 5) await this.d.duties.fail(duty.id, this.d.owner, detail);
        else await this.d.duties.reschedule(duty.id, this.d.owner, this.d.clock.now() + 2_000 * duty.attempts, detail);
      }
    }
    return due.length;
  }

  private async delete(duty: DutyTimer): Promise<void> {
    const p = duty.payload as { artifactClass: string; trainingId: string; siteDid: string; endpoint: string | null; consequence: string[] };
    const late = this.d.clock.now() - duty.dueAt > (this.d.graceMs ?? 60_000);
    if (late)
      await this.d.audit.append({
        type: 'usage.duty',
        actor: this.d.auth.participantId,
        agreementId: duty.agreementId,
        data: { duty: duty.id, event: 'deadline missed', dueAt: new Date(duty.dueAt).toISOString(), consequence: p.consequence },
      });
    const shred = await this.d.vault.shred(duty.agreementId, p.artifactClass);
    await this.d.forgetModel(p.trainingId).catch(() => undefined);
    const entry = await this.d.audit.append({
      type: 'deletion',
      actor: this.d.auth.participantId,
      agreementId: duty.agreementId,
      data: {
        duty: duty.id,
        method: DELETION_METHOD_CRYPTO_SHRED,
        deletedAt: shred.deletedAt,
        keyId: shred.keyId ?? null,
        artifacts: JSON.parse(JSON.stringify(shred.artifacts)) as never,
        late,
      },
    });
    if (!this.d.runtime) return;
    const runtime = this.d.runtime;
    const receipt = await issueCredential(
      buildDeletionReceipt({
        id: `urn:uuid:${this.d.ids.next()}`,
        issuer: runtime.did,
        agreementId: duty.agreementId,
        artifacts: shred.artifacts,
        deletedAt: shred.deletedAt,
        auditEntry: { seq: entry.seq, hash: entry.hash },
      }),
      { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock: this.d.clock },
    );
    await this.d.audit.append({ type: 'deletion', actor: this.d.auth.participantId, agreementId: duty.agreementId, data: { receipt: receipt as never, sentTo: p.siteDid } });
    if (p.endpoint) await postToSite(this.d.outbound, p.endpoint, 'receipts', await this.d.auth.tokenFor(p.siteDid), { receipt });
  }
}
