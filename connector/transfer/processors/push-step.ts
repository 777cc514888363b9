import { StepFailed } from '../../statemachine/state-machine-loop.js';
import { pushKey } from '../push-marks.js';
import type { TransferDeps } from '../transfer-deps.js';
import type { TransferProcess } from '../transfer-process.js';

/**
 * The provider's push, inside COMPLETING: `pushStartedAt` is saved first (a failed save pushes nothing), then the data
 * goes out, then the loop saves `pushedAt`. A push that finds `pushStartedAt` set is a repeat: the one before may have
 * reached the destination (its end was never saved). It is logged, goes out with the same Idempotency-Key
 * (push-marks.ts) and is noted in the history. A failure after the first save is handled on the saved version.
 */
export async function pushStep(deps: TransferDeps, t: TransferProcess): Promise<TransferProcess> {
  const again = t.pushStartedAt !== undefined;
  const marked = again ? t : await deps.store.save({ ...t, pushStartedAt: deps.clock.now() });
  if (again)
    deps.logger.info(
      { transferId: t.id, pushStartedAt: t.pushStartedAt, idempotencyKey: pushKey(t) },
      'pushing again: an earlier push of this transfer has no recorded end, so the destination may receive the data twice (same Idempotency-Key)',
    );
  try {
    await deps.flows.push(marked);
  } catch (error) {
    throw new StepFailed(error, marked);
  }
  const now = deps.clock.now();
  const cause = again ? 'data pushed again after an interruption (same Idempotency-Key)' : 'data pushed';
  return { ...marked, pushedAt: now, history: [...marked.history, { state: marked.state, at: now, cause }].slice(-100) };
}
