import type { RetryPolicy } from '../statemachine/retry-policy.js';
import { StateMachineLoop } from '../statemachine/state-machine-loop.js';
import { transferProcessors } from './processors/transfer-processors.js';
import type { TransferDeps } from './transfer-deps.js';
import type { TransferProcess } from './transfer-process.js';
import { LOOP_DEFAULTS } from '../statemachine/loop-defaults.js';
import { transferSilence, transferSilenceChecks } from './processors/silence-check.js';

/**
 * The transfer state machine of one process: both roles' processors in one leased loop, and the check of the consumer's
 * REQUESTED once the provider was silent for `peerSilenceMs` (absent or 0: none; see silenceDueStore for its due time).
 */
export function createTransferLoop(
  deps: TransferDeps,
  options: { owner: string; retry?: RetryPolicy; idleWaitMs?: number; leaseMs?: number; peerSilenceMs?: number },
): StateMachineLoop<TransferProcess> {
  return new StateMachineLoop<TransferProcess>({
    name: 'transfer',
    store: deps.store,
    processors: [...transferProcessors(deps), ...transferSilenceChecks(deps, transferSilence(options.peerSilenceMs ?? 0))],
    owner: options.owner,
    clock: deps.clock,
    logger: deps.logger,
    retry: options.retry ?? LOOP_DEFAULTS.retry,
    idleWaitMs: options.idleWaitMs ?? LOOP_DEFAULTS.idleWaitMs,
    leaseMs: options.leaseMs ?? LOOP_DEFAULTS.leaseMs,
    onSaved: (before, after) => deps.onChanged?.(before, after),
  });
}
