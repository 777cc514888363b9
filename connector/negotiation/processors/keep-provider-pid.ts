import { StepFailed } from '../../statemachine/state-machine-loop.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import type { NegotiationDeps } from '../negotiation-deps.js';
import { updateNegotiation } from '../negotiation-updater.js';

/**
 * Stores the providerPid from the provider's acknowledgement into whatever the negotiation is now, when the step's
 * save of REQUESTED lost to a concurrent change (an operator's termination saved while the request was out; the loop
 * calls it as the step's afterLostSave): without this, the providerPid would be lost with it and the TERMINATING step could not tell the provider.
 * A providerPid stored already (by an inbound message) stays. Returns the negotiation as stored.
 */
export async function keepProviderPid(deps: NegotiationDeps, marked: ContractNegotiation, providerPid: string): Promise<ContractNegotiation> {
  try {
    const { after } = await updateNegotiation(deps.store, marked.id, (n) => (n.providerPid ? n : { ...n, providerPid, correlationId: providerPid }));
    return after;
  } catch (error) {
    throw new StepFailed(error, marked);
  }
}
