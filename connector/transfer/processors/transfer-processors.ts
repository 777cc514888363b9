import { ConnectorError } from '../../../core/index.js';
import type { ProcessorEntry } from '../../statemachine/state-machine-loop.js';
import type { TransferDeps } from '../transfer-deps.js';
import { transferMessages } from '../transfer-messages.js';
import type { TransferProcess } from '../transfer-process.js';
import type { TransferState } from '../transfer-state.js';
import { moveTransfer } from '../move-transfer.js';
import { peerPath, pids, sendToPeer } from './transfer-sender.js';
import { keepProviderPid } from './keep-provider-pid.js';
import { AGREEMENT_REVOKED_CODE, isRevocationRefusal } from '../agreement-revocation-signal.js';
import { learnRevocation } from '../learn-revocation.js';
import { atNegotiatedAddress, revokedHere } from './revocation-checks.js';
import { pushStep } from './push-step.js';
import { newPush } from '../push-marks.js';

/** The outbound steps of both roles: state → processor, each with its final-failure transition. */
export function transferProcessors(deps: TransferDeps): ProcessorEntry<TransferProcess>[] {
  const move = (t: TransferProcess, to: TransferState, cause: string) => moveTransfer(t, to, cause, deps.clock);
  const peerKnows = (t: TransferProcess) => t.role === 'provider' || t.providerPid !== undefined;
  const failTo = (t: TransferProcess, error: unknown) => ({
    ...move(t, peerKnows(t) ? 'TERMINATING' : 'TERMINATED', 'sending failed'),
    terminationReason: (error as Error)?.message ?? 'sending failed',
  });
  const send = (t: TransferProcess, tail: string, message: Record<string, unknown>) => sendToPeer(deps, t, peerPath(t, tail), message);
  return [
    {
      state: 'REQUESTING',
      process: async (t) => {
        const message = transferMessages.request({
          consumerPid: t.consumerPid,
          agreementId: t.agreementId,
          format: t.transferType,
          callbackAddress: deps.dspBaseUrl,
          ...(t.dataDestination ? { dataAddress: t.dataDestination } : {}),
          ...(t.purpose ? { purpose: t.purpose } : {}),
          ...(t.trainingPlan ? { trainingPlan: t.trainingPlan } : {}),
        });
        const ack = (await sendToPeer(deps, t, 'transfers/request', message).catch(async (error: unknown) => {
          // A refusal for a revoked agreement: our record of it is revoked (with its audit entry) before the transfer ends.
          if (isRevocationRefusal(error, t.agreementId) && (await atNegotiatedAddress(deps, t))) await learnRevocation(deps, t, (error as Error).message);
          throw error;
        })) as Record<string, unknown> | undefined;
        const providerPid = ack?.providerPid;
        if (typeof providerPid !== 'string' || providerPid.length === 0) throw new ConnectorError('PEER_REJECTED', { detail: 'the provider acknowledged without a providerPid' });
        // Changed meanwhile (an operator's termination): this move loses its save, and afterLostSave keeps the providerPid.
        return move({ ...t, providerPid, correlationId: providerPid }, 'REQUESTED', 'TransferRequestMessage sent');
      },
      onFailure: failTo,
      afterLostSave: async (attempted) => attempted.providerPid && keepProviderPid(deps, attempted, attempted.providerPid),
    },
    {
      state: 'STARTING',
      process: async (t) => {
        const pull = t.transferType !== 'HttpData-PUSH'; // pull and federated training both announce an endpoint
        await send(t, 'start', transferMessages.start({ ...pids(t), ...(pull ? { dataAddress: await deps.flows.pullAddress(t) } : {}) }));
        const started = move(t, 'STARTED', 'TransferStartMessage sent');
        return pull ? started : move(newPush(started), 'COMPLETING', 'pushing the data');
      },
      onFailure: failTo,
    },
    {
      state: 'SUSPENDING',
      process: async (t) => {
        await send(t, 'suspension', transferMessages.suspension({ ...pids(t), code: 'suspended', reason: [t.terminationReason ?? 'suspended'] }));
        return move(t, 'SUSPENDED', 'TransferSuspensionMessage sent');
      },
      onFailure: failTo,
    },
    {
      state: 'RESUMING',
      process: async (t) => {
        await send(t, 'start', transferMessages.start(pids(t)));
        return move(t, 'STARTED', 'TransferStartMessage (resume) sent');
      },
      onFailure: failTo,
    },
    {
      state: 'COMPLETING',
      process: async (t) => {
        if (t.role === 'provider' && t.transferType === 'HttpData-PUSH' && t.pushedAt === undefined) return pushStep(deps, t);
        await send(t, 'completion', transferMessages.completion(pids(t)));
        return move(t, 'COMPLETED', 'TransferCompletionMessage sent');
      },
      onFailure: failTo,
    },
    {
      state: 'TERMINATING',
      process: async (t) => {
        // Without a providerPid the provider never acknowledged our request: it knows no process to end. Said so in
        // the history, not recorded as sent.
        if (!peerKnows(t)) return move(t, 'TERMINATED', 'termination not sent: the provider never acknowledged the request (no providerPid)');
        const code = (await revokedHere(deps, t)) ? AGREEMENT_REVOKED_CODE : 'terminated';
        await send(t, 'termination', transferMessages.termination({ ...pids(t), code, reason: [(t.terminationReason ?? 'terminated').slice(0, 1000)] }));
        return move(t, 'TERMINATED', 'TransferTerminationMessage sent');
      },
      onFailure: (t) => move(t, 'TERMINATED', 'termination could not be delivered'),
    },
  ];
}
