import { StepFailed } from '../../statemachine/state-machine-loop.js';
import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import { deliveredEarlier } from '../../peer/refused-repeat.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import type { NegotiationDeps } from '../negotiation-deps.js';

/**
 * Sends one message to the counterparty's negotiation endpoint at `path` (relative to its DSP base or our callback).
 * A refusal of a repeat the peer had taken already (we died before saving after it) counts as delivered: the
 * answer is then the peer's negotiation document (see deliveredEarlier).
 */
export async function sendToPeer(deps: NegotiationDeps, n: ContractNegotiation, path: string, message: Record<string, unknown>): Promise<unknown> {
  const token = await deps.auth.tokenFor(n.counterPartyId);
  try {
    const { body } = await dspRequest(deps.outbound, 'POST', joinUrl(n.counterPartyAddress, path), token, message, undefined, { notFoundRetryable: true });
    return body;
  } catch (error) {
    const peerPid = n.role === 'consumer' ? n.providerPid : n.consumerPid;
    const earlier = await deliveredEarlier({
      error,
      message,
      stateUrl: peerPid ? joinUrl(n.counterPartyAddress, `negotiations/${encodeURIComponent(peerPid)}`) : undefined,
      token: () => deps.auth.tokenFor(n.counterPartyId),
      outbound: deps.outbound,
      logger: deps.logger,
      process: { negotiationId: n.id },
    });
    if (!earlier) throw error;
    return earlier.body;
  }
}

/**
 * Records that our message for the current state is going out, then sends it. A peer's answer that overtakes
 * the loop's save of the next state is valid only after this mark (see negotiation-inbound-rules). Returns the
 * marked negotiation (the loop saves its successor) and the peer's reply.
 */
export async function sendMarked(
  deps: NegotiationDeps,
  n: ContractNegotiation,
  path: string,
  message: Record<string, unknown>,
): Promise<{ marked: ContractNegotiation; reply: unknown }> {
  // A save that keeps an agreement (keepAgreement) is made even when the mark is set already.
  const marked = n.messageOut && !n.keepAgreement ? n : await deps.store.save({ ...n, messageOut: true });
  try {
    return { marked, reply: await sendToPeer(deps, marked, path, message) };
  } catch (error) {
    throw new StepFailed(error, marked);
  }
}

export const pids = (n: ContractNegotiation) => ({ providerPid: n.providerPid ?? '', consumerPid: n.consumerPid });
