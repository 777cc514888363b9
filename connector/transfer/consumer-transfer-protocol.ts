import { ConnectorError, validationError } from '../../core/index.js';
import { edrFrom } from './data-address.js';
import { checkTransferMessage } from './transfer-message-checks.js';
import type { TransferDeps } from './transfer-deps.js';
import type { DspDataAddress, TransferProcess } from './transfer-process.js';
import { moveTransfer } from './move-transfer.js';
import { updateTransfer } from './transfer-updater.js';
import { handOff } from '../statemachine/hand-off.js';

/**
 * Consumer side, inbound: the provider's TransferStartMessage (first start, or resume after a suspension). It may
 * overtake the acknowledgement of our own message: a REQUESTING transfer counts as REQUESTED (the loop's late save of
 * REQUESTED loses to this newer state), and a RESUMING one's start is taken as the answer to ours. While STARTED, a
 * start is the provider repeating one whose answer it lost (a crash between its send and its save): taken when it
 * names the same endpoint (the token may be new), with no change of state; one naming another endpoint is an invalid
 * transition, since it would move a running transfer's data address to wherever the provider points now. A push
 * transfer's start carries no dataAddress (the data goes where our request said): one that does is refused.
 */
export function consumerTransferProtocol(deps: TransferDeps) {
  return {
    async start(t: TransferProcess, body: unknown): Promise<TransferProcess> {
      const m = checkTransferMessage<{ providerPid: string; dataAddress?: DspDataAddress }>('TransferStartMessage', body);
      const push = t.transferType === 'HttpData-PUSH';
      // A push goes to the address we gave in our request: one the provider sends would be taken and never used.
      if (push && m.dataAddress !== undefined) {
        throw validationError([{ pointer: '/dataAddress', message: 'is not for an HttpData-PUSH transfer: the provider pushes to the address of our request' }]);
      }
      const edr = push ? undefined : m.dataAddress ? edrFrom(m.dataAddress) : t.edr;
      if (!push && !edr) throw new ConnectorError('VALIDATION_FAILED', { detail: 'a pull TransferStartMessage needs a dataAddress' });
      const { before, after, leased } = await updateTransfer(
        deps.store,
        t.id,
        (cur) => {
          if (cur.providerPid && cur.providerPid !== m.providerPid) throw new ConnectorError('NOT_FOUND', { detail: 'providerPid does not match this transfer' });
          if (cur.state === 'STARTED') return repeatedStart(cur, edr);
          if (!['REQUESTING', 'REQUESTED', 'SUSPENDED', 'RESUMING'].includes(cur.state)) {
            throw new ConnectorError('INVALID_TRANSITION', { detail: `cannot start a transfer that is ${cur.state}` });
          }
          let next: TransferProcess = { ...cur, providerPid: m.providerPid, correlationId: m.providerPid, ...(edr ? { edr } : {}) };
          if (cur.state === 'REQUESTING') next = moveTransfer(next, 'REQUESTED', 'request acknowledged', deps.clock);
          return moveTransfer(next, 'STARTED', 'TransferStartMessage received', deps.clock);
        },
        { current: t, leaseFor: deps.leaseFor },
      );
      deps.onChanged?.(before, after);
      handOff(deps, after, leased);
      return after;
    },
  };
}

/** A start repeated while STARTED: the same endpoint (a fresh token taken), else refused. */
function repeatedStart(cur: TransferProcess, edr: TransferProcess['edr']): TransferProcess {
  if (!edr) return cur;
  if (edr.endpoint !== cur.edr?.endpoint)
    throw new ConnectorError('INVALID_TRANSITION', { detail: 'the transfer is STARTED: a repeated TransferStartMessage may not name another endpoint' });
  return { ...cur, edr };
}
