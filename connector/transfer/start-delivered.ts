import type { Clock } from '../../core/index.js';
import { moveTransfer } from './move-transfer.js';
import type { TransferProcess } from './transfer-process.js';

/**
 * A provider that is STARTING and receives the consumer's suspension or completion: the consumer sends either only for
 * a started transfer, so our TransferStartMessage reached it, and our save of STARTED has not landed (the step is still
 * saving it, or the replica died after the send and another would send the start again once the lease ran out). The
 * record passes through STARTED, as the consumer saw it, before the message moves it on; the start step goes with
 * STARTING (a step still saving loses its save to this change). Any other transfer is returned as it is.
 */
export function startDelivered(cur: TransferProcess, shownBy: string, clock: Clock): TransferProcess {
  if (cur.role !== 'provider' || cur.state !== 'STARTING') return cur;
  return moveTransfer(cur, 'STARTED', `TransferStartMessage delivered: the consumer's ${shownBy} shows it (our save of STARTED had not landed)`, clock);
}
