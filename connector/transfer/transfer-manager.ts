import { DEFAULT_RETRY, type RetryPolicy } from '../statemachine/retry-policy.js';
import { StateMachineLoop } from '../statemachine/state-machine-loop.js';
import { transferProcessors } from './processors/transfer-processors.js';
import type { TransferDeps } from './transfer-deps.js';
import type { TransferProcess } from './transfer-process.js';

/** The transfer state machine of one process: both roles' processors in one leased loop. */
export function createTransferLoop(deps: TransferDeps, options: { owner: string; retry?: RetryPolicy; idleWaitMs?: number; leaseMs?: number }): StateMachineLoop<TransferProcess> {
  return new StateMachineLoop<TransferProcess>({
    name: 'transfer',
    store: deps.store,
    processors: transferProcessors(deps),
    owner: options.owner,
    clock: deps.clock,
    logger: deps.logger,
    retry: options.retry ?? DEFAULT_RETRY,
    idleWaitMs: options.idleWaitMs ?? 2000,
    leaseMs: options.leaseMs ?? 30_000,
    onSaved: (before, after) => deps.onChanged?.(before, after),
  });
}
