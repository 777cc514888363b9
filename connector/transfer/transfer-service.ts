import { ConnectorError, validationError } from '../../core/index.js';
import { httpDataAddress } from './data-address.js';
import type { TransferDeps } from './transfer-deps.js';
import type { TransferProcess, TransferType } from './transfer-process.js';
import type { TransferState } from './transfer-state.js';
import { isFinal, moveTransfer } from './move-transfer.js';
import { updateTransfer } from './transfer-updater.js';
import { suspender } from './transfer-suspension.js';
import { handOff, saveForLoop } from '../statemachine/hand-off.js';
import { newEntity } from '../statemachine/new-entity.js';

export interface InitiateTransfer {
  agreementId: string;
  transferType: TransferType;
  /** Push: where the provider sends the data, with the credential it must present there. */
  dataDestination?: { endpoint: string; authorization?: string; authType?: string };
  purpose?: string;
  /** FederatedTraining: the plan to declare to the site (it refuses a plan that does not fit its data). */
  trainingPlan?: Record<string, unknown>;
  /** The provider's DSP base URL; defaults to the address the agreement was negotiated with. */
  counterPartyAddress?: string;
}

/** Management use-cases: start a transfer (consumer), suspend, resume, complete, terminate (either role), read. */
export function transferService(deps: TransferDeps) {
  const change = async (id: string, mutate: (t: TransferProcess) => TransferProcess) => {
    const { before, after, leased } = await updateTransfer(deps.store, id, mutate, { leaseFor: deps.leaseFor });
    deps.onChanged?.(before, after);
    handOff(deps, after, leased);
    return after;
  };
  const refuse = (t: TransferProcess, what: string): never => {
    throw new ConnectorError('INVALID_TRANSITION', { detail: `cannot ${what} transfer '${t.id}' in state ${t.state}` });
  };
  const move = (t: TransferProcess, to: TransferState, cause: string) => moveTransfer(t, to, cause, deps.clock);

  return {
    async initiate(input: InitiateTransfer): Promise<TransferProcess> {
      const agreement = await deps.agreements.getById(input.agreementId);
      if (agreement.assignee !== deps.auth.participantId)
        throw new ConnectorError('VALIDATION_FAILED', { detail: `we are not the consumer (assignee) of agreement '${agreement.id}'` });
      if (agreement.status === 'revoked') {
        const by = agreement.revokedBy === undefined || agreement.revokedBy === deps.auth.participantId ? '' : ` by its provider ${agreement.revokedBy}`;
        throw new ConnectorError('INVALID_TRANSITION', { detail: `agreement '${agreement.id}' is revoked${by}: no transfer starts under it` });
      }
      await deps.standing?.(agreement.assigner);
      if (input.transferType === 'HttpData-PUSH' && !input.dataDestination) throw new ConnectorError('VALIDATION_FAILED', { detail: 'a push transfer needs a dataDestination' });
      // Only a push sends it to the provider (which honours it only there): elsewhere it would be stored and unused.
      if (input.transferType !== 'HttpData-PUSH' && input.dataDestination) {
        throw validationError([
          {
            pointer: '/dataDestination',
            message: `is only for HttpData-PUSH transfers: the provider sends data there only on a push, and a ${input.transferType} transfer would not use it`,
          },
        ]);
      }
      const address = input.counterPartyAddress ?? (await deps.negotiations.findById(agreement.negotiationId))?.counterPartyAddress;
      if (!address) throw new ConnectorError('VALIDATION_FAILED', { detail: `the provider's address is unknown for agreement '${agreement.id}': give counterPartyAddress` });
      deps.outbound.checkUrl(address); // refused now, with nothing stored, not a transfer TERMINATED at its first send
      const now = deps.clock.now();
      const id = `urn:uuid:${deps.ids.next()}`;
      const created: TransferProcess = {
        id,
        role: 'consumer',
        ...newEntity('INITIAL', now),
        consumerPid: id,
        counterPartyId: agreement.assigner,
        counterPartyAddress: address.replace(/\/+$/, ''),
        agreementId: agreement.id,
        assetId: agreement.assetId,
        transferType: input.transferType,
        history: [],
        ...(input.purpose ? { purpose: input.purpose } : {}),
        ...(input.trainingPlan ? { trainingPlan: input.trainingPlan } : {}),
        ...(input.dataDestination ? { dataDestination: httpDataAddress(input.dataDestination) } : {}),
      };
      const { saved, leased } = await saveForLoop(deps.store, deps, move(created, 'REQUESTING', 'started through the management API'));
      deps.onChanged?.(undefined, saved);
      handOff(deps, saved, leased);
      return saved;
    },
    suspend: (id: string, reason: string) =>
      change(id, (t) =>
        t.state === 'STARTED' || (t.state === 'COMPLETING' && t.role === 'provider')
          ? { ...move(t, 'SUSPENDING', 'suspended through the management API'), terminationReason: reason, suspendedBy: t.role }
          : refuse(t, 'suspend'),
      ),
    /**
     * The provider resumes any suspension; the consumer only its own (the provider refuses its start otherwise). The
     * consumer's token dates from before the suspension: a provider of this version still takes it, an older one (or
     * another that kills tokens on every resume) refuses it, so it is marked expired and the next EDR read fetches a
     * fresh one (transfer-edr.ts).
     */
    resume: (id: string) =>
      change(id, (t) => {
        if (t.state !== 'SUSPENDED') return refuse(t, 'resume');
        if (t.role === 'provider') return move(t, 'STARTING', 'resumed through the management API');
        if (suspender(t) === 'provider')
          throw new ConnectorError('INVALID_TRANSITION', { detail: `cannot resume transfer '${t.id}': the provider suspended it, and only the provider resumes it` });
        const resuming = move(t, 'RESUMING', 'resumed through the management API');
        return t.edr ? { ...resuming, edr: { ...t.edr, expiresAt: deps.clock.now() } } : resuming;
      }),
    complete: (id: string) => change(id, (t) => (t.state === 'STARTED' ? move(t, 'COMPLETING', 'completed through the management API') : refuse(t, 'complete'))),
    /**
     * `records`: audit entries committed with the termination (the policy monitor's decision; connector/outbox). A
     * transfer already TERMINATING is refused like any repeat: its reason and audit entries stay those of the first.
     */
    terminate: (id: string, reason: string, records?: readonly unknown[]) =>
      change(id, (t) =>
        isFinal(t) || t.state === 'TERMINATING'
          ? refuse(t, 'terminate')
          : {
              ...move({ ...t, pending: false }, 'TERMINATING', 'terminated through the management API'),
              terminationReason: reason,
              ...(records ? { outboxRecords: records } : {}),
            },
      ),
    /** Ends every live transfer under a revoked agreement (each tells its counterparty). */
    async endForAgreement(agreementId: string, reason: string): Promise<number> {
      const live: TransferState[] = ['INITIAL', 'REQUESTING', 'REQUESTED', 'STARTING', 'STARTED', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'COMPLETING'];
      const ids: string[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await deps.store.list({ states: live, offset, limit: 500 });
        ids.push(...page.items.filter((t) => t.agreementId === agreementId).map((t) => t.id));
        if (offset + 500 >= page.total) break;
      }
      for (const id of ids) {
        deps.flows.cut(id);
        await change(id, (t) =>
          isFinal(t) || t.state === 'TERMINATING' ? t : { ...move({ ...t, pending: false }, 'TERMINATING', 'agreement revoked'), terminationReason: reason },
        );
      }
      return ids.length;
    },
    get: (id: string) => deps.store.getById(id),
    list: (q: { states?: TransferState[]; offset: number; limit: number }) => deps.store.list(q),
  };
}
