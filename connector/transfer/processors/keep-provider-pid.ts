import type { TransferDeps } from '../transfer-deps.js';
import type { TransferProcess } from '../transfer-process.js';
import { updateTransfer } from '../transfer-updater.js';

/**
 * Stores the providerPid from the provider's acknowledgement at once, into whatever the transfer is now, before the
 * step saves REQUESTED. An operator's termination saved while the request was out wins that save (the loop drops
 * it); without this, the providerPid would be lost with it and the TERMINATING step could not tell the provider.
 * A providerPid stored already (by an inbound message) stays. Returns the transfer as stored.
 */
export async function keepProviderPid(deps: TransferDeps, t: TransferProcess, providerPid: string): Promise<TransferProcess> {
  const { after } = await updateTransfer(deps.store, t.id, (now) => (now.providerPid ? now : { ...now, providerPid, correlationId: providerPid }), { current: t });
  return after;
}
