import type { EventBus } from '../../core/index.js';
import type { StateMachineLoop } from '../statemachine/state-machine-loop.js';
import type { TransferDeps } from './transfer-deps.js';
import { transferEdr } from './transfer-edr.js';
import { createTransferLoop } from './transfer-manager.js';
import type { TransferProcess } from './transfer-process.js';
import { transferService } from './transfer-service.js';
import { mayStream } from './move-transfer.js';
import { retryFromSettings } from '../statemachine/loop-defaults.js';
import { silenceDueStore } from '../statemachine/peer-silence.js';
import { transferSilence } from './processors/silence-check.js';

export interface TransferEvents {
  'transfer.stateChanged': { id: string; role: string; from: string | null; to: string; at: number; transfer: TransferProcess };
}

export interface TransferModule {
  loop: StateMachineLoop<TransferProcess>;
  service: ReturnType<typeof transferService>;
  edr: ReturnType<typeof transferEdr>;
  /** The handlers' dependencies, for the DSP binding (connector/dsp/) the wiring mounts. */
  deps: TransferDeps;
}

/**
 * Wires the transfer handlers, loop and service around one set of dependencies. Every committed change that
 * stops a flow (suspension, termination, completion, revocation) cuts the data plane's running streams at once.
 */
export function createTransferModule(
  base: Omit<TransferDeps, 'wake' | 'leaseFor' | 'adopt' | 'onChanged'>,
  options: {
    owner: string;
    retryLimit: number;
    retryBaseMs: number;
    idleWaitMs: number;
    leaseMs: number;
    /** stateMachine.peerSilenceMs (absent: 0, never). */
    peerSilenceMs?: number;
    events: EventBus<TransferEvents>;
  },
): TransferModule {
  let loop: StateMachineLoop<TransferProcess> | undefined;
  const peerSilenceMs = options.peerSilenceMs ?? 0;
  const deps: TransferDeps = {
    ...base,
    // A consumer's transfer entering REQUESTED is due for a check of the provider one silence later.
    store: silenceDueStore(base.store, transferSilence(peerSilenceMs)),
    wake: () => loop?.wake(),
    leaseFor: (t) => loop?.leaseFor(t),
    adopt: (t) => loop?.adopt(t),
    onChanged: (before, after) => {
      if (!mayStream(after)) base.flows.cut(after.id);
      if (before?.state === after.state) return;
      options.events.emit('transfer.stateChanged', { id: after.id, role: after.role, from: before?.state ?? null, to: after.state, at: after.stateTimestamp, transfer: after });
    },
  };
  loop = createTransferLoop(deps, { owner: options.owner, idleWaitMs: options.idleWaitMs, leaseMs: options.leaseMs, retry: retryFromSettings(options), peerSilenceMs });
  return { loop, service: transferService(deps), edr: transferEdr(deps), deps };
}
