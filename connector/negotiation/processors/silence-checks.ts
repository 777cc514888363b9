import { joinUrl } from '../../peer/dsp-http-client.js';
import { endedAtPeer } from '../../peer/ended-at-peer.js';
import type { PeerSilence } from '../../statemachine/peer-silence.js';
import type { ProcessorEntry } from '../../statemachine/state-machine-loop.js';
import { silenceCheck } from '../../statemachine/silence-check.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import type { NegotiationDeps } from '../negotiation-deps.js';
import { moveNegotiation } from '../move-negotiation.js';
import type { NegotiationState } from '../negotiation-state.js';

/**
 * The states in which a role only waits for the peer's next message (the transition tables): the consumer for an offer
 * or agreement (REQUESTED), the agreement (ACCEPTED), FINALIZED (VERIFIED); the provider for an acceptance or
 * counter-request (OFFERED), the verification (AGREED). Every other state is ours to leave, or pending an operator.
 */
const WAITING: Record<ContractNegotiation['role'], readonly NegotiationState[]> = {
  consumer: ['REQUESTED', 'ACCEPTED', 'VERIFIED'],
  provider: ['OFFERED', 'AGREED'],
};

/** When a negotiation waiting for its peer asks the peer for its state (stateMachine.peerSilenceMs; 0: never). */
export function negotiationSilence(silenceMs: number): PeerSilence<ContractNegotiation> {
  return { silenceMs, waits: (n) => !n.pending && WAITING[n.role].includes(n.state) };
}

/** The checks of the waiting states: a peer that ended the negotiation (TERMINATED, or 404) ends ours, sending nothing. */
export function negotiationSilenceChecks(deps: NegotiationDeps, silence: PeerSilence<ContractNegotiation>): ProcessorEntry<ContractNegotiation>[] {
  if (silence.silenceMs <= 0) return [];
  const states = [...new Set([...WAITING.consumer, ...WAITING.provider])];
  return states.map((state) =>
    silenceCheck<ContractNegotiation>({
      state,
      silence,
      clock: deps.clock,
      endedAtPeer: async (n) => {
        const peerPid = n.role === 'consumer' ? n.providerPid : n.consumerPid;
        if (!peerPid) return undefined;
        return endedAtPeer({
          stateUrl: () => joinUrl(n.counterPartyAddress, `negotiations/${encodeURIComponent(peerPid)}`),
          token: () => deps.auth.tokenFor(n.counterPartyId),
          outbound: deps.outbound,
          logger: deps.logger,
          process: { negotiationId: n.id },
        });
      },
      end: (n, reason) => {
        deps.logger.info({ negotiationId: n.id, state: n.state, reason }, 'the peer of a silent negotiation had ended it: TERMINATED');
        return { ...moveNegotiation(n, 'TERMINATED', 'ended by the counterparty (found by reading its state after a silence)', deps.clock), terminationReason: reason };
      },
    }),
  );
}
