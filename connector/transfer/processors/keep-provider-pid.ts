import type { TransferDeps } from '../transfer-deps.js';
import type { TransferProcess } from '../transfer-process.js';
import { updateTransfer } from '../transfer-updater.js';

/**
 * Stores the providerPid from the provider's acknowledgement into whatever the transfer is now, when the step's save of
 * REQUESTED lost to a concurrent change (an operator's termination saved while the request was out; the loop calls it
 * as the step's afterLostSave): without this, the providerPid would be lost with it and the TERMINATING step could not tell the provider.
 * A providerPid stored already (by an inbound message) stays. Returns the transfer as stored.
 */
export async function keepProviderPid(deps: TransferDeps, t: TransferProcess, providerPid: string): Promise<TransferProcess> {
  const { after } = await updateTransfer(deps.store, t.id, (now) => (now.providerPid ? now : { ...now, providerPid, correlationId: providerPid }));
  return after;
}
