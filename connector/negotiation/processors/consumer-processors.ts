import { ConnectorError } from '../../../core/index.js';
import { StepFailed, type ProcessorEntry } from '../../statemachine/state-machine-loop.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import type { NegotiationDeps } from '../negotiation-deps.js';
import { negotiationMessages } from '../negotiation-messages.js';
import { moveNegotiation } from '../move-negotiation.js';
import { pids, sendMarked, sendToPeer } from './negotiation-sender.js';
import { keepProviderPid } from './keep-provider-pid.js';

/** The consumer's outbound steps: state → processor, each with its final-failure transition. */
export function consumerProcessors(deps: NegotiationDeps): ProcessorEntry<ContractNegotiation>[] {
  const move = (n: ContractNegotiation, to: ContractNegotiation['state'], cause: string) => moveNegotiation(n, to, cause, deps.clock);
  const failTo = (n: ContractNegotiation, error: unknown) => ({
    ...move(n, n.providerPid ? 'TERMINATING' : 'TERMINATED', 'sending failed'),
    terminationReason: (error as Error)?.message ?? 'sending failed',
  });
  return [
    {
      state: 'REQUESTING',
      process: async (n) => {
        if (n.providerPid) {
          const { marked } = await sendMarked(
            deps,
            n,
            `negotiations/${encodeURIComponent(n.providerPid)}/request`,
            negotiationMessages.request({ consumerPid: n.consumerPid, providerPid: n.providerPid, offer: n.offer }),
          );
          return move(marked, 'REQUESTED', 'ContractRequestMessage (counter-offer) sent');
        }
        const { marked, reply } = await sendMarked(
          deps,
          n,
          'negotiations/request',
          negotiationMessages.request({ consumerPid: n.consumerPid, offer: n.offer, callbackAddress: deps.dspBaseUrl }),
        );
        const providerPid = (reply as Record<string, unknown> | undefined)?.providerPid;
        if (typeof providerPid !== 'string' || providerPid.length === 0)
          throw new StepFailed(new ConnectorError('PEER_REJECTED', { detail: 'the provider acknowledged without a providerPid' }), marked);
        // Changed meanwhile (an operator's termination): this move loses its save, and afterLostSave keeps the providerPid.
        return move({ ...marked, providerPid, correlationId: providerPid }, 'REQUESTED', 'ContractRequestMessage sent');
      },
      onFailure: failTo,
      afterLostSave: async (attempted) => attempted.providerPid && keepProviderPid(deps, attempted, attempted.providerPid),
    },
    {
      state: 'ACCEPTING',
      process: async (n) => {
        const { marked } = await sendMarked(
          deps,
          n,
          `negotiations/${encodeURIComponent(n.providerPid ?? '')}/events`,
          negotiationMessages.event({ ...pids(n), eventType: 'ACCEPTED' }),
        );
        return move(marked, 'ACCEPTED', 'ACCEPTED event sent');
      },
      onFailure: failTo,
    },
    {
      state: 'VERIFYING',
      process: async (n) => {
        const { marked } = await sendMarked(deps, n, `negotiations/${encodeURIComponent(n.providerPid ?? '')}/agreement/verification`, negotiationMessages.verification(pids(n)));
        return move(marked, 'VERIFIED', 'ContractAgreementVerificationMessage sent');
      },
      onFailure: failTo,
    },
    terminationProcessor(deps, (n) => `negotiations/${encodeURIComponent(n.providerPid ?? '')}/termination`),
  ];
}

/** TERMINATING → send the termination (when the peer knows the process) → TERMINATED, also when sending fails. */
export function terminationProcessor(deps: NegotiationDeps, path: (n: ContractNegotiation) => string): ProcessorEntry<ContractNegotiation> {
  return {
    state: 'TERMINATING',
    process: async (n) => {
      // Without a providerPid the provider never acknowledged our request: it knows no process to end. Said so in
      // the history, not recorded as sent.
      if (!n.providerPid) return moveNegotiation(n, 'TERMINATED', 'termination not sent: the provider never acknowledged the request (no providerPid)', deps.clock);
      const reason = n.terminationReason ? [n.terminationReason.slice(0, 1000)] : ['terminated'];
      await sendToPeer(deps, n, path(n), negotiationMessages.termination({ ...pids(n), code: 'terminated', reason }));
      return moveNegotiation(n, 'TERMINATED', 'termination sent', deps.clock);
    },
    onFailure: (n) => moveNegotiation(n, 'TERMINATED', 'termination could not be delivered', deps.clock),
  };
}
