import { ConnectorError, validationError } from '../../core/index.js';
import { formatsForAddressType } from '../../catalog/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { checkCallbackAddress, checkTransferMessage } from './transfer-message-checks.js';
import { PURPOSE_KEY, TRAINING_PLAN_KEY } from './transfer-messages.js';
import type { TransferDeps } from './transfer-deps.js';
import { TRANSFER_TYPES, type DspDataAddress, type TransferProcess, type TransferType } from './transfer-process.js';
import { moveTransfer } from './move-transfer.js';
import { newPush } from './push-marks.js';
import { suspender } from './transfer-suspension.js';
import { answerCopy } from './transfer-request-copy.js';
import { updateTransfer } from './transfer-updater.js';
import { newEntity } from '../statemachine/new-entity.js';
import { peerProcessId, saveFirstOfPeer } from '../statemachine/first-of-peer.js';
import { handOff, saveForLoop } from '../statemachine/hand-off.js';

type RequestMsg = { consumerPid: string; agreementId: string; format: string; callbackAddress: string; dataAddress?: DspDataAddress } & Record<string, unknown>;

/** Provider side, inbound. Synchronous: checks and state changes only; the start message goes out from the loop. */
export function providerTransferProtocol(deps: TransferDeps) {
  const commit = (before: TransferProcess | undefined, after: TransferProcess, leased: boolean) => {
    deps.onChanged?.(before, after);
    handOff(deps, after, leased);
    return after;
  };

  return {
    /**
     * POST /transfers/request: refused unless agreement and policy allow it; an accepted request claims a use of the
     * agreement (policy.admit). An exact copy of the request that made a live process is answered with that process;
     * anything else under a used consumerPid is refused (answerCopy). Neither claims a use.
     */
    async request(agent: ParticipantAgent, body: unknown, onCopy?: () => void): Promise<TransferProcess> {
      const m = checkTransferMessage<RequestMsg>('TransferRequestMessage', body);
      const callbackAddress = checkCallbackAddress(m.callbackAddress, deps.outbound);
      if (!(TRANSFER_TYPES as readonly string[]).includes(m.format)) {
        throw new ConnectorError('VALIDATION_FAILED', { detail: `unsupported format '${m.format}' (supported: ${TRANSFER_TYPES.join(', ')})` });
      }
      const format = m.format as TransferType;
      checkFieldsOfFormat(format, m);
      if (format === 'HttpData-PUSH' && !m.dataAddress?.endpoint) throw new ConnectorError('VALIDATION_FAILED', { detail: 'a push transfer needs a dataAddress with an endpoint' });
      if (format === 'HttpData-PUSH') checkCallbackAddress(String(m.dataAddress?.endpoint), deps.outbound); // the push destination: the same policy
      const purpose = typeof m[PURPOSE_KEY] === 'string' ? (m[PURPOSE_KEY] as string) : undefined;
      const trainingPlan = typeof m[TRAINING_PLAN_KEY] === 'string' ? parsePlan(m[TRAINING_PLAN_KEY] as string) : undefined;
      const terms = { agreementId: m.agreementId, format, callbackAddress, dataAddress: m.dataAddress, purpose, trainingPlan };
      const existing = await deps.store.findByCorrelationId(m.consumerPid, agent.id);
      if (existing && existing.role === 'provider') return copyAnswered(answerCopy(existing, terms), onCopy);
      const id = peerProcessId('transfer', agent.id, m.consumerPid);
      // The agreement, then the request's other conditions, last the policy: a request refused for any reason takes no use.
      const { agreement, useNumber } = await deps.policy.admit({ agreementId: m.agreementId, agent, purpose, transferId: id, transferType: format }, async (a) => {
        if (deps.findAssetType) checkFormatOfDataset(format, a.assetId, await deps.findAssetType(a.assetId));
        const negotiation = await deps.negotiations.findById(a.negotiationId);
        // FINALIZING: the consumer verified and only our FINALIZED event is still in flight (it may overtake our save).
        if (!negotiation || !['FINALIZING', 'FINALIZED'].includes(negotiation.state)) {
          throw new ConnectorError('VALIDATION_FAILED', { detail: `the negotiation of agreement '${a.id}' is not finalized` });
        }
      });
      const now = deps.clock.now();
      const created: TransferProcess = {
        id,
        role: 'provider',
        ...newEntity('INITIAL', now),
        consumerPid: m.consumerPid,
        providerPid: id,
        correlationId: m.consumerPid,
        counterPartyId: agent.id,
        counterPartyAddress: callbackAddress,
        agreementId: agreement.id,
        assetId: agreement.assetId,
        transferType: format,
        agent,
        useNumber,
        history: [],
        ...(purpose ? { purpose } : {}),
        ...(trainingPlan ? { trainingPlan } : {}),
        ...(format === 'HttpData-PUSH' && m.dataAddress ? { dataDestination: m.dataAddress } : {}),
      };
      const requested = moveTransfer(created, 'REQUESTED', 'TransferRequestMessage received', deps.clock);
      const starting = moveTransfer(requested, 'STARTING', 'agreement and policy allow the transfer', deps.clock);
      const first = await saveFirstOfPeer(
        () => saveForLoop(deps.store, deps, starting),
        () => deps.store.findById(id),
      );
      if ('existing' in first) return copyAnswered(answerCopy(first.existing, terms), onCopy); // a request with this pid, arrived at the same time, made it
      return commit(undefined, first.created.saved, first.created.leased);
    },

    /**
     * POST /transfers/:providerPid/start: the consumer resumes after its own suspension (a push is delivered again).
     * A suspension we set is ours to lift (INVALID_TRANSITION); a data address is ours to announce, not the
     * consumer's. The token epoch stays (move-transfer.ts): we answer with no data address, so the token the consumer
     * holds from before its suspension opens the data again.
     */
    async start(t: TransferProcess, agent: ParticipantAgent, body: unknown): Promise<TransferProcess> {
      const m = checkTransferMessage<{ dataAddress?: unknown }>('TransferStartMessage', body);
      if (m.dataAddress !== undefined)
        throw validationError([{ pointer: '/dataAddress', message: "is the provider's to announce: a consumer's TransferStartMessage (a resume) may not carry one" }]);
      // The caller's claims as verified now, not those stored at the request: a consumer that lost a credential the
      // policy needs cannot resume, and the data plane checks every later pull against these fresh claims.
      await deps.policy.check({ agreementId: t.agreementId, agent, purpose: t.purpose, useNumber: t.useNumber, transferType: t.transferType, occasion: 'resume' });
      const { before, after, leased } = await updateTransfer(
        deps.store,
        t.id,
        (cur) => {
          if (cur.state !== 'SUSPENDED') throw new ConnectorError('INVALID_TRANSITION', { detail: `cannot resume a transfer that is ${cur.state}` });
          if (suspender(cur) === 'provider') throw new ConnectorError('INVALID_TRANSITION', { detail: 'the provider suspended this transfer: only the provider resumes it' });
          const started = moveTransfer({ ...cur, agent }, 'STARTED', 'TransferStartMessage (resume) received', deps.clock);
          return cur.transferType === 'HttpData-PUSH' ? moveTransfer(newPush(started), 'COMPLETING', 'push resumed', deps.clock) : started;
        },
        { current: t, leaseFor: deps.leaseFor },
      );
      return commit(before, after, leased);
    },
  };
}

/**
 * Only a format the agreed dataset is served with (formatsForAddressType, the table its catalog distributions come
 * from): the catalog advertises no other, and the data plane could not deliver it.
 */
function checkFormatOfDataset(format: TransferType, assetId: string, addressType: string | undefined): void {
  const served = formatsForAddressType(addressType);
  if (served.includes(format)) return;
  const message =
    format === 'FederatedTraining'
      ? `FederatedTraining needs a training data set, and asset '${assetId}' is not one`
      : `'${format}' is not a format of dataset '${assetId}' (its formats: ${served.length > 0 ? served.join(', ') : 'none'})`;
  throw validationError([{ pointer: '/format', message }]);
}

/** The request fields that belong to one format only: elsewhere they would be stored and never used. */
function checkFieldsOfFormat(format: TransferType, m: RequestMsg): void {
  const stray = [
    ...(m.dataAddress !== undefined && format !== 'HttpData-PUSH'
      ? [{ pointer: '/dataAddress', message: `is only for HttpData-PUSH (the provider sends a ${format} transfer's address in its start)` }]
      : []),
    ...(m[TRAINING_PLAN_KEY] !== undefined && format !== 'FederatedTraining' ? [{ pointer: `/${TRAINING_PLAN_KEY}`, message: 'is only for FederatedTraining transfers' }] : []),
  ];
  if (stray.length > 0) throw validationError(stray);
}

function parsePlan(text: string): Record<string, unknown> {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    plan = undefined;
  }
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan))
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'the training plan of the transfer request is not a JSON object' });
  return plan as Record<string, unknown>;
}

/** The process a copy of a request is answered with (answerCopy refused anything else), reported to `onCopy`. */
function copyAnswered<T>(answer: T, onCopy: (() => void) | undefined): T {
  onCopy?.();
  return answer;
}
