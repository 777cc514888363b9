import { joinUrl } from '../../peer/dsp-http-client.js';
import { endedAtPeer } from '../../peer/ended-at-peer.js';
import type { PeerSilence } from '../../statemachine/peer-silence.js';
import type { ProcessorEntry } from '../../statemachine/state-machine-loop.js';
import { silenceCheck } from '../../statemachine/silence-check.js';
import type { TransferDeps } from '../transfer-deps.js';
import { moveTransfer } from '../move-transfer.js';
import type { TransferProcess } from '../transfer-process.js';

/**
 * When a transfer waiting for its peer asks the peer for its state (stateMachine.peerSilenceMs; 0: never). The one
 * state that only waits for the peer is the consumer's REQUESTED (for the start); the others are ours to leave, or
 * last as long as the data flows or the suspension holds.
 */
export function transferSilence(silenceMs: number): PeerSilence<TransferProcess> {
  return { silenceMs, waits: (t) => !t.pending && t.role === 'consumer' && t.state === 'REQUESTED' };
}

/** The check of REQUESTED: a provider that ended the transfer (TERMINATED, or 404) ends ours, sending nothing. */
export function transferSilenceChecks(deps: TransferDeps, silence: PeerSilence<TransferProcess>): ProcessorEntry<TransferProcess>[] {
  if (silence.silenceMs <= 0) return [];
  return [
    silenceCheck<TransferProcess>({
      state: 'REQUESTED',
      silence,
      clock: deps.clock,
      endedAtPeer: async (t) => {
        const providerPid = t.providerPid;
        if (!providerPid) return undefined;
        return endedAtPeer({
          stateUrl: () => joinUrl(t.counterPartyAddress, `transfers/${encodeURIComponent(providerPid)}`),
          token: () => deps.auth.tokenFor(t.counterPartyId),
          outbound: deps.outbound,
          logger: deps.logger,
          process: { transferId: t.id },
        });
      },
      end: (t, reason) => {
        deps.logger.info({ transferId: t.id, state: t.state, reason }, 'the provider of a silent transfer had ended it: TERMINATED');
        return { ...moveTransfer(t, 'TERMINATED', 'ended by the counterparty (found by reading its state after a silence)', deps.clock), terminationReason: reason };
      },
    }),
  ];
}
