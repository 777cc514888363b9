import { createHash } from 'node:crypto';
import { isConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { AuditInput, AuditLog } from '../audit/index.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { ChangeRecorder } from '../store/change-recorder.js';
import type { DutyTimer, DutyTimerStore, SuspensionStore } from './index.js';
import { deleteDutiesOf } from './deletion-duties.js';
import type { ReceiptSession } from './model-artifacts.js';
import { receivedReceipts } from './received-receipts.js';

type Json = Record<string, unknown>;
const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

export interface ReceiptWatchDeps {
  duties: DutyTimerStore;
  agreements: AgreementStore;
  /** Read for receipts that arrived. */
  audit: AuditLog;
  /** Each escalation step, its audit entry and its `usage.escalated` webhook event commit in one transaction. */
  recorder: EscalationRecorder;
  self: string;
  clock: Clock;
  logger: Logger;
  /** How long past the deletion deadline we wait for the receipt before escalating. */
  graceMs: number;
  /** How long after the inform step the counterparty is suspended if the receipt is still missing. */
  suspendAfterMs: number;
  /** Told once an escalation step committed (its entry and webhook event are in the outbox): other replicas, metrics. */
  inform(event: { step: 'inform' | 'suspend'; agreementId: string; counterparty: string; reason: string }): void;
}

/** An escalation step's record: its audit entry and its `usage.escalated` webhook event. */
export interface EscalationRecord {
  audit: AuditInput;
  webhook?: { event: 'usage.escalated'; payload: Record<string, unknown> };
}

/** What an escalation step writes through: the suspensions and duty timers bound to the step's transaction. */
export type EscalationRecorder = ChangeRecorder<{ suspensions: SuspensionStore; dutyTimers: DutyTimerStore }, EscalationRecord>;

/**
 * `since`: the session's start; a receipt received from then on counts (it may overtake the session's end), if it names
 * the session's transfer (`transferId`): a receipt for another training under the same agreement does not.
 */
interface WatchPayload {
  counterparty: string;
  transferId: string;
  obligation: number;
  deadline: number;
  since: number;
  consequence: string[];
}

/**
 * The site's side of a deletion duty the coordinator owes it (attack table row 12): when a training session that
 * served rounds ends, every `delete` obligation assigned to the coordinator becomes a durable watch due at
 * end + elapsedTime + grace. If no verified receipt naming that session's transfer arrived by then, the duty's consequence runs as an escalation:
 * first inform (an audit entry and an operator event), then, `suspendAfterMs` later and still without a receipt,
 * suspend the coordinator (no new negotiations, transfers or rounds; its live transfers end).
 */
export function receiptWatch(d: ReceiptWatchDeps) {
  /** Whether a receipt from the counterparty naming this session's transfer was kept (since the session started). */
  const received = async (agreementId: string, p: WatchPayload): Promise<boolean> =>
    (await receivedReceipts(d.audit, agreementId)).some((r) => r.from === p.counterparty && r.transfer === p.transferId && r.at >= p.since);
  const records = (duty: DutyTimer, step: 'inform' | 'suspend', p: WatchPayload, reason: string): EscalationRecord[] => [
    {
      audit: {
        type: 'usage.escalation',
        actor: d.self,
        agreementId: duty.agreementId,
        data: { duty: duty.id, step, counterparty: p.counterparty, deadline: new Date(p.deadline).toISOString(), consequence: p.consequence, reason },
      },
      webhook: { event: 'usage.escalated', payload: { step, agreementId: duty.agreementId, counterparty: p.counterparty, reason } },
    },
  ];
  /** After the step committed: the log line and the in-process notice. */
  const told = (duty: DutyTimer, step: 'inform' | 'suspend', p: WatchPayload, reason: string) => {
    d.logger.warn({ agreementId: duty.agreementId, counterparty: p.counterparty, step }, reason);
    d.inform({ step, agreementId: duty.agreementId, counterparty: p.counterparty, reason });
  };
  return {
    /** Called when a site session ends; idempotent (deterministic ids). */
    async watch(session: ReceiptSession): Promise<void> {
      if (session.roundsDone === 0) return; // nothing derived from our data left the site
      const agreement = await d.agreements.findById(session.agreementId);
      for (const duty of deleteDutiesOf(agreement?.policy ?? {}).filter((x) => x.assignee !== d.self)) {
        const deadline = d.clock.now() + duty.afterMs;
        const payload: WatchPayload = {
          counterparty: session.coordinatorDid,
          transferId: session.transferId,
          obligation: duty.index,
          deadline,
          since: session.createdAt,
          consequence: duty.consequence,
        };
        await d.duties
          .schedule({
            id: `await-receipt:${short(`${session.transferId}|${duty.index}`)}`,
            agreementId: session.agreementId,
            action: 'await-receipt',
            dueAt: deadline + d.graceMs,
            payload: payload as unknown as Json,
          })
          .catch((error: unknown) => {
            if (!isConnectorError(error) || error.code !== 'ALREADY_EXISTS') throw error;
          });
      }
    },

    /**
     * Runs a due watch step ('await-receipt' → inform, 'suspend-party' → suspend), leased to `owner`; true when it handled
     * the duty. Each step completes its duty in the transaction of its records: a step whose commit went through never runs
     * again (a crash after it, another replica after the lease ran out), so a lifted suspension stays lifted; a step whose
     * lease was taken over by another worker rolls back (LEASE_HELD) and leaves the step to that worker.
     */
    async run(duty: DutyTimer, owner: string): Promise<boolean> {
      if (duty.action !== 'await-receipt' && duty.action !== 'suspend-party') return false;
      const p = duty.payload as unknown as WatchPayload;
      /** Commits `change` with the duty's completion, unless this duty's step already committed (then nothing). */
      const step = (change: (stores: { suspensions: SuspensionStore; dutyTimers: DutyTimerStore }) => Promise<EscalationRecord[]>): Promise<boolean> =>
        d.recorder.commit(async (stores) => {
          if ((await stores.dutyTimers.findById(duty.id))?.state === 'done') return { value: false, records: [] };
          const records = await change(stores);
          await stores.dutyTimers.complete(duty.id, owner);
          return { value: records.length > 0, records };
        });
      if (await received(duty.agreementId, p)) {
        await step(async () =>
          duty.action === 'suspend-party'
            ? [
                {
                  audit: {
                    type: 'usage.escalation',
                    actor: d.self,
                    agreementId: duty.agreementId,
                    data: { duty: duty.id, step: 'resolved', counterparty: p.counterparty, reason: 'the deletion receipt arrived after the deadline; no suspension' },
                  },
                },
              ]
            : [],
        );
        return true;
      }
      const when = new Date(p.deadline).toISOString();
      if (duty.action === 'await-receipt') {
        const reason = `no deletion receipt from ${p.counterparty} for agreement ${duty.agreementId} by ${when} (obligation ${p.obligation})`;
        // The next step is scheduled with the entry and the webhook event of this one: all of it or none (and a step
        // run again after a crash that had committed finds the next one scheduled: nothing recorded twice).
        const recorded = await step(async ({ dutyTimers: duties }) => {
          const next = {
            id: `suspend-party:${duty.id.slice('await-receipt:'.length)}`,
            agreementId: duty.agreementId,
            action: 'suspend-party',
            dueAt: d.clock.now() + d.suspendAfterMs,
            payload: duty.payload as Json,
          };
          if (await duties.findById(next.id)) return [];
          await duties.schedule(next);
          return records(duty, 'inform', p, reason);
        });
        if (recorded) told(duty, 'inform', p, reason);
        return true;
      }
      const reason = `no deletion receipt for agreement ${duty.agreementId} (due ${when})`;
      const why = `${p.counterparty} suspended: ${reason}`;
      // A party already suspended (by the operator, or for another breached duty) keeps its suspension and its record.
      const suspended = await step(async ({ suspensions }) => {
        const { created } = await suspensions.suspend({ participantId: p.counterparty, reason, source: 'missed-deadline', agreementId: duty.agreementId });
        return created ? records(duty, 'suspend', p, why) : [];
      });
      if (suspended) told(duty, 'suspend', p, why);
      return true;
    },
  };
}

export type ReceiptWatch = ReturnType<typeof receiptWatch>;
