import { ConnectorError } from '../../core/index.js';
import { checkTransferMessage, MAX_REASONS } from './transfer-message-checks.js';
import type { TransferDeps } from './transfer-deps.js';
import type { TransferProcess } from './transfer-process.js';
import type { TransferState } from './transfer-state.js';
import { moveTransfer } from './move-transfer.js';
import { updateTransfer } from './transfer-updater.js';
import { suspendedByOnPeerMessage } from './transfer-suspension.js';
import { AGREEMENT_REVOKED_CODE } from './agreement-revocation-signal.js';
import { learnRevocation } from './learn-revocation.js';
import { startDelivered } from './start-delivered.js';

type CodeMsg = { code?: string; reason?: unknown[] };
/** A suspension's cause is a line of the history; a termination's reason is kept as the peer gave it, within bounds. */
const SUSPENSION_CHARS = 300;
const TERMINATION_CHARS = 1000;
/**
 * A peer's code and reasons as one line we store: at most MAX_REASONS entries (the message check refuses more), the
 * whole cut to 300 characters (as a suspension's cause), so no peer can grow a stored row.
 */
export const reasonOf = (m: CodeMsg, fallback: string, limit: number): string =>
  ([m.code, ...(m.reason ?? []).slice(0, MAX_REASONS).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))].filter(Boolean).join('; ') || fallback).slice(0, limit);

/**
 * Suspension, completion and termination: the same in both roles. A move the DSP table forbids is refused with
 * INVALID_TRANSITION (400): SUSPENDED → COMPLETED, and a repeat too (completion in COMPLETED, termination in
 * TERMINATED, suspension in SUSPENDED): the DSP has no idempotent repeats of these messages. A provider still
 * STARTING takes a suspension or completion: the consumer got our start (start-delivered.ts).
 */
export function transferInbound(deps: TransferDeps) {
  type Extra = Partial<TransferProcess> | ((cur: TransferProcess) => Partial<TransferProcess>);
  const change = async (t: TransferProcess, target: TransferState, from: readonly TransferState[], cause: string, extra: Extra = {}, shows?: string) => {
    const { before, after } = await updateTransfer(
      deps.store,
      t.id,
      (cur) => {
        if (!from.includes(cur.state)) throw new ConnectorError('INVALID_TRANSITION', { detail: `cannot move a ${cur.state} transfer to ${target}` });
        const at = shows ? startDelivered({ ...cur, pending: false }, shows, deps.clock) : { ...cur, pending: false };
        return { ...moveTransfer(at, target, cause, deps.clock), ...(typeof extra === 'function' ? extra(at) : extra) };
      },
      { current: t },
    );
    deps.onChanged?.(before, after);
    return after;
  };
  return {
    suspension(t: TransferProcess, body: unknown): Promise<TransferProcess> {
      const m = checkTransferMessage<CodeMsg>('TransferSuspensionMessage', body);
      const from: TransferState[] = t.role === 'provider' ? ['STARTING', 'STARTED', 'SUSPENDING', 'COMPLETING'] : ['STARTED', 'SUSPENDING'];
      const cause = `TransferSuspensionMessage received: ${reasonOf(m, 'no reason given', SUSPENSION_CHARS)}`;
      return change(t, 'SUSPENDED', from, cause, (cur) => ({ suspendedBy: suspendedByOnPeerMessage(cur) }), 'TransferSuspensionMessage');
    },
    completion(t: TransferProcess, body: unknown): Promise<TransferProcess> {
      checkTransferMessage('TransferCompletionMessage', body);
      const from: TransferState[] = t.role === 'provider' ? ['STARTING', 'STARTED', 'COMPLETING'] : ['STARTED', 'COMPLETING'];
      return change(t, 'COMPLETED', from, 'TransferCompletionMessage received', {}, 'TransferCompletionMessage');
    },
    /**
     * A consumer told by its provider that the agreement is revoked (`AGREEMENT_REVOKED_CODE`) marks its own record of
     * it revoked first, with its audit entry (learn-revocation.ts), so that a failure there leaves the transfer as it
     * was for the provider's retry.
     */
    async termination(t: TransferProcess, body: unknown): Promise<TransferProcess> {
      const m = checkTransferMessage<CodeMsg>('TransferTerminationMessage', body);
      const from: TransferState[] = ['INITIAL', 'REQUESTING', 'REQUESTED', 'STARTING', 'STARTED', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'COMPLETING', 'TERMINATING'];
      const terminationReason = reasonOf(m, 'terminated by the counterparty', TERMINATION_CHARS);
      if (t.role === 'consumer' && m.code === AGREEMENT_REVOKED_CODE) await learnRevocation(deps, t, terminationReason);
      return change(t, 'TERMINATED', from, 'TransferTerminationMessage received', { terminationReason });
    },
  };
}
