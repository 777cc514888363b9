import { voidUnconcludedAgreement } from './void-unconcluded-agreement.js';
import type { EventBus } from '../../core/index.js';
import type { StateMachineLoop } from '../statemachine/state-machine-loop.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { createNegotiationLoop } from './negotiation-manager.js';
import { negotiationService } from './negotiation-service.js';
import { retryFromSettings } from '../statemachine/loop-defaults.js';
import { silenceDueStore } from '../statemachine/peer-silence.js';
import { negotiationSilence } from './processors/silence-checks.js';

export interface NegotiationEvents {
  'negotiation.stateChanged': { id: string; role: string; from: string | null; to: string; at: number; negotiation: ContractNegotiation };
}

export interface NegotiationModule {
  loop: StateMachineLoop<ContractNegotiation>;
  service: ReturnType<typeof negotiationService>;
  /** The handlers' dependencies, for the DSP binding (connector/dsp/) the wiring mounts. */
  deps: NegotiationDeps;
}

/** Wires the negotiation handlers, loop and service around one set of dependencies. */
export function createNegotiationModule(
  base: Omit<NegotiationDeps, 'wake' | 'leaseFor' | 'adopt' | 'onChanged'>,
  options: {
    owner: string;
    retryLimit: number;
    retryBaseMs: number;
    idleWaitMs: number;
    leaseMs: number;
    /** stateMachine.peerSilenceMs (absent: 0, never). */
    peerSilenceMs?: number;
    events: EventBus<NegotiationEvents>;
  },
): NegotiationModule {
  let loop: StateMachineLoop<ContractNegotiation> | undefined;
  const peerSilenceMs = options.peerSilenceMs ?? 0;
  const deps: NegotiationDeps = {
    ...base,
    // A negotiation entering a state that waits for the peer is due for a check of the peer one silence later.
    store: silenceDueStore(base.store, negotiationSilence(peerSilenceMs)),
    wake: () => loop?.wake(),
    leaseFor: (n) => loop?.leaseFor(n),
    adopt: (n) => loop?.adopt(n),
    onChanged: (before, after) => {
      if (before?.state === after.state) return;
      if (after.state === 'TERMINATED')
        void voidUnconcludedAgreement(base, after).catch((error: unknown) =>
          base.logger.warn({ err: error, negotiationId: after.id }, 'revoking the agreement of a terminated negotiation failed'),
        );
      options.events.emit('negotiation.stateChanged', {
        id: after.id,
        role: after.role,
        from: before?.state ?? null,
        to: after.state,
        at: after.stateTimestamp,
        negotiation: after,
      });
    },
  };
  loop = createNegotiationLoop(deps, { owner: options.owner, idleWaitMs: options.idleWaitMs, leaseMs: options.leaseMs, retry: retryFromSettings(options), peerSilenceMs });
  return { loop, service: negotiationService(deps), deps };
}
