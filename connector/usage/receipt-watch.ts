import { createHash } from 'node:crypto';
import { isConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { AuditLog } from '../audit/index.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { DutyTimer, DutyTimerStore, SuspensionStore } from './index.js';
import { deleteDutiesOf } from './deletion-duties.js';
import type { ReceiptSession } from './model-artifacts.js';

type Json = Record<string, unknown>;
const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

export interface ReceiptWatchDeps {
  duties: DutyTimerStore;
  agreements: AgreementStore;
  audit: AuditLog;
  suspensions: SuspensionStore;
  self: string;
  clock: Clock;
  logger: Logger;
  /** How long past the deletion deadline we wait for the receipt before escalating. */
  graceMs: number;
  /** How long after the inform step the counterparty is suspended if the receipt is still missing. */
  suspendAfterMs: number;
  /** Tells the operator (webhook, log): a deadline was missed, or a party was suspended. */
  inform(event: { step: 'inform' | 'suspend'; agreementId: string; counterparty: string; reason: string }): void;
}

/** `since`: the session's start; a receipt received from then on counts (it may overtake the session's end). */
interface WatchPayload { counterparty: string; transferId: string; obligation: number; deadline: number; since: number; consequence: string[] }

/**
 * The site's side of a deletion duty the coordinator owes it (attack table row 12): when a training session that
 * served rounds ends, every `delete` obligation assigned to the coordinator becomes a durable watch due at
 * end + elapsedTime + grace. If no verified receipt arrived by then, the duty's consequence runs as an escalation:
 * first inform (an audit entry and an operator event), then, `suspendAfterMs` later and still without a receipt,
 * suspend the coordinator (no new negotiations, transfers or rounds; its live transfers end).
 */
export function receiptWatch(d: ReceiptWatchDeps) {
  const receivedSince = async (agreementId: string, counterparty: string, since: number): Promise<boolean> => {
    for (let offset = 0; ; offset += 500) {
      const page = await d.audit.query({ agreementId, offset, limit: 500 });
      if (page.items.some((e) => Date.parse(e.at) >= since && e.type === 'deletion' && (e.data as { receivedFrom?: string } | null)?.receivedFrom === counterparty)) return true;
      if (offset + 500 >= page.total) return false;
    }
  };
  const escalate = async (duty: DutyTimer, step: 'inform' | 'suspend', p: WatchPayload, reason: string) => {
    await d.audit.append({ type: 'usage.escalation', actor: d.self, agreementId: duty.agreementId, data: { duty: duty.id, step, counterparty: p.counterparty, deadline: new Date(p.deadline).toISOString(), consequence: p.consequence, reason } });
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
        const payload: WatchPayload = { counterparty: session.coordinatorDid, transferId: session.transferId, obligation: duty.index, deadline, since: session.createdAt, consequence: duty.consequence };
        await d.duties.schedule({ id: `await-receipt:${short(`${session.transferId}|${duty.index}`)}`, agreementId: session.agreementId, action: 'await-receipt', dueAt: deadline + d.graceMs, payload: payload as unknown as Json })
          .catch((error: unknown) => {
            if (!isConnectorError(error) || error.code !== 'ALREADY_EXISTS') throw error;
          });
      }
    },

    /** Runs a due watch step ('await-receipt' → inform, 'suspend-party' → suspend); true when it handled the duty. */
    async run(duty: DutyTimer): Promise<boolean> {
      if (duty.action !== 'await-receipt' && duty.action !== 'suspend-party') return false;
      const p = duty.payload as unknown as WatchPayload;
      if (await receivedSince(duty.agreementId, p.counterparty, p.since)) {
        if (duty.action === 'suspend-party') await d.audit.append({ type: 'usage.escalation', actor: d.self, agreementId: duty.agreementId, data: { duty: duty.id, step: 'resolved', counterparty: p.counterparty, reason: 'the deletion receipt arrived after the deadline; no suspension' } });
        return true;
      }
      const when = new Date(p.deadline).toISOString();
      if (duty.action === 'await-receipt') {
        await escalate(duty, 'inform', p, `no deletion receipt from ${p.counterparty} for agreement ${duty.agreementId} by ${when} (obligation ${p.obligation})`);
        await d.duties.schedule({ id: `suspend-party:${duty.id.slice('await-receipt:'.length)}`, agreementId: duty.agreementId, action: 'suspend-party', dueAt: d.clock.now() + d.suspendAfterMs, payload: duty.payload as Json })
          .catch((error: unknown) => {
            if (!isConnectorError(error) || error.code !== 'ALREADY_EXISTS') throw error;
          });
        return true;
      }
      const reason = `no deletion receipt for agreement ${duty.agreementId} (due ${when})`;
      await d.suspensions.suspend({ participantId: p.counterparty, reason, source: 'missed-deadline', agreementId: duty.agreementId });
      await escalate(duty, 'suspend', p, `${p.counterparty} suspended: ${reason}`);
      return true;
    },
  };
}

export type ReceiptWatch = ReturnType<typeof receiptWatch>;
