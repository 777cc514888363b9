import { ConnectorError, type Clock, type IdGenerator, type Logger } from '../../core/index.js';
import type { AuditLog } from '../audit/index.js';
import type { IdentityRuntime } from '../identity/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { ArtifactVault } from './artifact-vault.js';
import type { DutyTimer, DutyTimerStore } from './duty-timer.js';
import { runModelDeletion, type ModelDeletionDeps } from './model-deletion.js';
import { afterDeliveryFailure, deliverReceipt } from './receipt-delivery.js';
import type { ReceiptWatch } from './receipt-watch.js';

export interface DutyRunnerDeps {
  duties: DutyTimerStore;
  vault: ArtifactVault;
  /** Forgets the plain copy of a training's global model before its artifacts are shredded; a failure means no receipt (the duty retries). */
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
 * a `delete` drops the model from the training record, records what it is about to shred, crypto-shreds it, and issues a
 * DeletionReceiptCredential bound to that audit entry, kept in the log: one durable step (model-deletion.ts), retried
 * up to 5 times. Sending that receipt to the site (which verifies and keeps it) is a `deliver-receipt` duty of its own,
 * retried with back-off for as long as the site cannot be reached (receipt-delivery.ts). A missed deadline is recorded
 * with its consequence.
 * On the site, the same runner runs the receipt watch (receipt-watch.ts): no receipt by the deadline → inform, then suspend;
 * each of its steps completes its duty with its records, in one transaction (a committed step never runs again).
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
    let ran = 0;
    // A deletion schedules its receipt's delivery due at once: a second pass delivers it in the same sweep.
    for (let pass = 0, more = true; more && pass < 2; pass += 1) {
      more = false;
      const due = await this.d.duties.claimDue({ now: this.d.clock.now(), owner: this.d.owner, leaseMs: 60_000, limit: 20 });
      ran += due.length;
      for (const duty of due) more = (await this.run(duty)) || more;
    }
    return ran;
  }

  /** Runs one claimed duty; true when it scheduled a delivery due now. */
  private async run(duty: DutyTimer): Promise<boolean> {
    try {
      // A watch step completes its duty in its own transaction (receipt-watch.ts): nothing to complete here.
      if (await this.d.watch?.run(duty, this.d.owner)) return false;
      let scheduled = false;
      if (duty.action === 'delete') scheduled = await runModelDeletion(this.deletion, duty);
      else if (duty.action === 'deliver-receipt') await deliverReceipt(this.d, duty);
      else throw new ConnectorError('VALIDATION_FAILED', { detail: `no runner for duty '${duty.action}'` });
      await this.d.duties.complete(duty.id, this.d.owner);
      return scheduled;
    } catch (error) {
      const detail = (error as Error).message;
      this.d.logger.warn({ dutyId: duty.id, action: duty.action, detail }, 'duty failed');
      const next =
        duty.action === 'deliver-receipt'
          ? afterDeliveryFailure(error, duty.attempts, this.d.clock.now())
          : duty.attempts >= 5
            ? { fail: true as const }
            : { retryAt: this.d.clock.now() + 2_000 * duty.attempts };
      await ('fail' in next ? this.d.duties.fail(duty.id, this.d.owner, detail) : this.d.duties.reschedule(duty.id, this.d.owner, next.retryAt, detail)).catch((failure: unknown) =>
        this.d.logger.warn({ err: failure, dutyId: duty.id }, 'recording a failed duty failed'),
      );
      return false;
    }
  }

  private get deletion(): ModelDeletionDeps {
    const d = this.d;
    return { ...d, self: d.auth.participantId, graceMs: d.graceMs ?? 60_000 };
  }
}
