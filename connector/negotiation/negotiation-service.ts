import { ConnectorError } from '../../core/index.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import type { NegotiationState } from './negotiation-state.js';
import { isFinal, moveNegotiation } from './negotiation-transition.js';
import { updateNegotiation } from './negotiation-updater.js';

export interface InitiateNegotiation {
  counterPartyAddress: string;
  counterPartyId: string;
  /** The ODRL offer from the provider's catalog (`@id`, `target`, rules). */
  offer: Record<string, unknown>;
}

/** Management use-cases: start (consumer), terminate, approve or reject (provider, manual approval), read. */
export function negotiationService(deps: NegotiationDeps) {
  const change = async (id: string, mutate: (n: ContractNegotiation) => ContractNegotiation) => {
    const { before, after } = await updateNegotiation(deps.store, id, mutate);
    deps.onChanged?.(before, after);
    deps.wake();
    return after;
  };
  return {
    async initiate(input: InitiateNegotiation): Promise<ContractNegotiation> {
      await deps.standing?.(input.counterPartyId);
      const now = deps.clock.now();
      const id = `urn:uuid:${deps.ids.next()}`;
      const created: ContractNegotiation = {
        id, role: 'consumer', state: 'INITIAL', stateCount: 1, stateTimestamp: now, nextAttemptAt: now, pending: false, version: 0, createdAt: now, updatedAt: now,
        consumerPid: id, counterPartyId: input.counterPartyId, counterPartyAddress: input.counterPartyAddress.replace(/\/+$/, ''),
        offer: input.offer, handledMessages: [], history: [],
      };
      const saved = await deps.store.save(moveNegotiation(created, 'REQUESTING', 'started through the management API', deps.clock));
      deps.onChanged?.(undefined, saved);
      deps.wake();
      return saved;
    },
    terminate: (id: string, reason: string) =>
      change(id, (n) => {
        if (isFinal(n)) throw new ConnectorError('INVALID_TRANSITION', { detail: `negotiation '${id}' is already ${n.state}` });
        return { ...moveNegotiation({ ...n, pending: false }, 'TERMINATING', 'terminated through the management API', deps.clock), terminationReason: reason };
      }),
    approve: (id: string) => change(id, (n) => moveNegotiation({ ...waiting(n), pending: false }, 'AGREEING', 'approved through the management API', deps.clock)),
    reject: (id: string, reason: string) =>
      change(id, (n) => ({ ...moveNegotiation({ ...waiting(n), pending: false }, 'TERMINATING', 'rejected through the management API', deps.clock), terminationReason: reason })),
    get: (id: string) => deps.store.getById(id),
    list: (q: { states?: NegotiationState[]; offset: number; limit: number }) => deps.store.list(q),
  };
}

function waiting(n: ContractNegotiation): ContractNegotiation {
  if (n.role !== 'provider' || n.state !== 'REQUESTED' || !n.pending) {
    throw new ConnectorError('INVALID_TRANSITION', { detail: `negotiation '${n.id}' is not waiting for an approval` });
  }
  return n;
}
