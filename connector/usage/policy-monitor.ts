import { isConnectorError, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import type { StandingCheck } from '../peer/standing-check.js';
import type { AgreementStore, ContractAgreement } from '../negotiation/index.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { TransferPolicy } from '../transfer/index.js';
import type { TransferProcess } from '../transfer/index.js';
import type { TransferState } from '../transfer/index.js';
import { isFlowing, mayStream } from '../transfer/index.js';

/** COMPLETING counts only while a provider's push is being delivered (isFlowing); otherwise it is a completion being sent. */
const LIVE: TransferState[] = ['STARTED', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'STARTING', 'REQUESTED', 'COMPLETING'];

const live = (t: TransferProcess) => t.state !== 'COMPLETING' || isFlowing(t);

/**
 * The policy monitor: on a timer (and on demand, `tick()`), re-checks every live transfer against its agreement as
 * it stands now (revoked, expired, a constraint that no longer holds) and ends those that no longer hold; a provider's
 * push still being delivered (COMPLETING, not yet pushed) is live, so a closed window or a suspension cuts it mid-way.
 * It also re-checks every transfer this replica streams data for, whatever its state: it cuts the streams of one that
 * may no longer flow (TERMINATING, TERMINATED, SUSPENDED… set by another replica whose cut event did not arrive), and
 * ends one that may flow but whose agreement no longer holds (one the sweep's pages did not show). A training
 * transfer ending closes the site's training session, so the training stops at its next round. On the provider side
 * it also re-checks the credentials the consumer was admitted with (expired, revoked in their status list). Each decision that
 * ends a transfer is reported to `onEnded` (the audit log).
 */
export class PolicyMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(
    private readonly d: {
      transfers: StateEntityStore<TransferProcess>;
      agreements: AgreementStore;
      policy: TransferPolicy;
      logger: Logger;
      /** Ends the transfer; `records` (the decision's audit entry) are committed with it. */
      terminate(id: string, reason: string, records?: readonly unknown[]): Promise<unknown>;
      /** The record of a decision to end a transfer (its audit entry), committed with the termination. */
      recordOf?(t: TransferProcess, reason: string): unknown;
      /** Re-checks, now, the credentials the consumer was admitted with (expiry, revocation); the reason, or undefined. */
      credentials?(agent: ParticipantAgent): Promise<string | undefined>;
      /** Throws (FORBIDDEN) when the counterparty is suspended: its transfers end, in either role. */
      suspended?: StandingCheck;
      /** Consumer side: our own reading of the agreement's time window. */
      window?(agreement: ContractAgreement, now: number): string | undefined;
      now?(): number;
      onEnded?(t: TransferProcess, reason: string): unknown;
      /** The data plane's streams in this process (data-flow-registry.ts). */
      streams?: { transferIds(): string[]; cut(transferId: string, reason: string): void };
    },
  ) {}

  /** Sweeps now; during a sweep, asks for one more right after it (an event may concern a transfer already passed). */
  tick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let ended = 0;
      do {
        this.again = false;
        ended += await this.sweep();
      } while (this.again);
      return ended;
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.d.logger.warn({ err: error }, 'policy monitor sweep failed')), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sweep(): Promise<number> {
    let ended = 0;
    const checked = new Set<string>();
    for (let offset = 0; ; offset += 500) {
      const page = await this.d.transfers.list({ states: LIVE, offset, limit: 500 });
      for (const t of page.items) {
        if (!live(t)) continue;
        checked.add(t.id);
        if (await this.endIfLapsed(t)) ended++;
      }
      if (offset + 500 >= page.total) return ended + (await this.cutStreams(checked));
    }
  }

  /** Ends the transfer and cuts its streams when its agreement no longer holds; whether it did. */
  private async endIfLapsed(t: TransferProcess): Promise<boolean> {
    const reason = await this.reasonToEnd(t);
    if (!reason) return false;
    let ended = false;
    try {
      const record = this.d.recordOf?.(t, reason);
      // Terminated before the cut: a cut push fails its own step, which would otherwise end the transfer first (and
      // this decision, its reason and audit record, would be refused as a repeat). Cut however the termination went.
      try {
        await this.d.terminate(t.id, reason, record === undefined ? undefined : [record]);
      } finally {
        this.d.streams?.cut(t.id, reason);
      }
      ended = true;
      await this.d.onEnded?.(t, reason);
    } catch (error) {
      this.d.logger.warn({ err: error, transferId: t.id }, 'the policy monitor could not end a transfer');
    }
    return ended;
  }

  /**
   * Cuts this process's streams of transfers that may no longer stream (ended elsewhere: not counted as ended here),
   * and re-checks the policy of those that may stream but were not in the sweep's pages (ended here when it lapsed).
   */
  private async cutStreams(checked: ReadonlySet<string>): Promise<number> {
    let ended = 0;
    for (const id of this.d.streams?.transferIds() ?? []) {
      const t = await this.d.transfers.findById(id);
      if (!t || !mayStream(t)) this.d.streams?.cut(id, t ? `the transfer is ${t.state}` : 'unknown transfer');
      else if (!checked.has(id) && (await this.endIfLapsed(t))) ended++;
    }
    return ended;
  }

  /** Why the transfer may not go on, or undefined while its agreement still holds. */
  private async reasonToEnd(t: TransferProcess): Promise<string | undefined> {
    const suspended = await this.d.suspended?.(t.counterPartyId).then(
      () => undefined,
      (error: unknown) => (isConnectorError(error) ? (error.detail ?? error.code) : String(error)),
    );
    if (suspended) return suspended;
    if (t.role === 'provider' && t.agent) {
      const lapsed = await this.d.credentials?.(t.agent);
      if (lapsed) return `the counterparty's credentials no longer hold: ${lapsed}`;
      try {
        await this.d.policy.check({ agreementId: t.agreementId, agent: t.agent, purpose: t.purpose, useNumber: t.useNumber, transferType: t.transferType });
        return undefined;
      } catch (error) {
        return `the agreement no longer holds: ${isConnectorError(error) ? (error.detail ?? error.code) : String(error)}`;
      }
    }
    const agreement = await this.d.agreements.findById(t.agreementId);
    if (agreement?.status !== 'active') return `agreement '${t.agreementId}' is ${agreement?.status ?? 'gone'}`;
    return this.d.now ? this.d.window?.(agreement, this.d.now()) : undefined;
  }
}
