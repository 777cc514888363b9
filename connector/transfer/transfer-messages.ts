import type { DspDataAddress } from './transfer-process.js';
import type { DspTransferState } from './transfer-state.js';

export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
/** Extension property of a TransferRequestMessage: the purpose the consumer declares for this transfer. */
export const PURPOSE_KEY = 'https://w3id.org/kontor/vocab#purpose';
/** Extension property of a FederatedTraining TransferRequestMessage: the plan the coordinator will train (JSON text). */
export const TRAINING_PLAN_KEY = 'https://w3id.org/kontor/vocab#trainingPlan';
const ctx = { '@context': [DSP_CONTEXT] };
type Json = Record<string, unknown>;
type Pids = { providerPid: string; consumerPid: string };

/** Builders for the transfer-process messages of DSP 2025-1 (compact JSON; DSP 2025-1, transfer process protocol, message types). */
export const transferMessages = {
  request: (m: {
    consumerPid: string;
    agreementId: string;
    format: string;
    callbackAddress: string;
    dataAddress?: DspDataAddress;
    purpose?: string;
    trainingPlan?: Json;
  }): Json => {
    const { purpose, trainingPlan, ...rest } = m;
    return {
      ...ctx,
      '@type': 'TransferRequestMessage',
      ...rest,
      ...(purpose ? { [PURPOSE_KEY]: purpose } : {}),
      ...(trainingPlan ? { [TRAINING_PLAN_KEY]: JSON.stringify(trainingPlan) } : {}),
    };
  },
  start: (m: Pids & { dataAddress?: DspDataAddress }): Json => ({ ...ctx, '@type': 'TransferStartMessage', ...m }),
  suspension: (m: Pids & { code?: string; reason?: string[] }): Json => ({ ...ctx, '@type': 'TransferSuspensionMessage', ...m }),
  completion: (m: Pids): Json => ({ ...ctx, '@type': 'TransferCompletionMessage', ...m }),
  termination: (m: Pids & { code?: string; reason?: string[] }): Json => ({ ...ctx, '@type': 'TransferTerminationMessage', ...m }),
  ack: (m: Pids & { state: DspTransferState }): Json => ({ ...ctx, '@type': 'TransferProcess', ...m }),
  error: (m: Pids & { code: string; reason: string[] }): Json => ({ ...ctx, '@type': 'TransferError', ...m }),
};
