import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import type { NegotiationDeps } from '../negotiation-deps.js';

/** Sends one message to the counterparty's negotiation endpoint at `path` (relative to its DSP base or our callback). */
export async function sendToPeer(deps: NegotiationDeps, n: ContractNegotiation, path: string, message: Record<string, unknown>): Promise<unknown> {
  const token = await deps.auth.tokenFor(n.counterPartyId);
  const { body } = await dspRequest('POST', joinUrl(n.counterPartyAddress, path), token, message);
  return body;
}

export const pids = (n: ContractNegotiation) => ({ providerPid: n.providerPid ?? '', consumerPid: n.consumerPid });
